package dev.benchmate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.bindings.rknn.RknnConstants;
import dev.benchmate.listening.Phrases;
import dev.benchmate.testing.SimulatedNpu;
import dev.benchmate.thinking.Platform;
import org.junit.jupiter.api.Test;

/** Settings are refused where they are read, with the key or argument and what it takes. */
class SettingsCheckTest {
    @Test
    void lookingAheadSettingsAreCheckedAndNamed() {
        var ok = ConfiguredSettings.lookingAhead(true, java.time.Duration.ofSeconds(5), 8);
        assertEquals(8, ok.sameView());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfiguredSettings.lookingAhead(true, java.time.Duration.ofSeconds(5), 300));
        assertTrue(e.getMessage().startsWith("benchmate.vision.same-view is 300.0; it takes 0 to 254"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfiguredSettings.lookingAhead(true, java.time.Duration.ofSeconds(-1), 8));
        assertTrue(e.getMessage().startsWith("benchmate.vision.encode-ahead-gap must be 0 or more"), e.getMessage());
    }

    @Test
    void bargeInOnSpeechNeedsTheOwnVoiceKeptOutOfTheMicrophone() {
        var none = java.util.Optional.<java.nio.file.Path>empty();
        assertEquals(dev.benchmate.core.VoiceLoop.BargeIn.SPEECH,
                ListeningSetup.bargeIn(listening(300, 200, none, "speech"), true).value().orElseThrow());
        var without = ListeningSetup.bargeIn(listening(300, 200, none, "speech"), false);
        assertEquals(dev.benchmate.core.VoiceLoop.BargeIn.COMMAND, without.value().orElseThrow(),
                "without echo cancellation its own voice would stop it");
        assertTrue(without.detail().contains("needs echo cancellation"), without.detail());
        assertEquals(dev.benchmate.core.VoiceLoop.BargeIn.COMMAND,
                ListeningSetup.bargeIn(listening(300, 200, none, "command"), true).value().orElseThrow());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ListeningSetup.bargeIn(listening(300, 200, none, "shout"), true));
        assertEquals("benchmate.listening.barge-in is 'shout'; it takes command or speech", e.getMessage());
    }

    @Test
    void coreMasksAreCheckedAgainstTheSoc() {
        assertEquals(RknnConstants.RKNN_NPU_CORE_0_1, NpuCoreMask.parse("0_1", Platform.RK3576, "k"));
        assertEquals(RknnConstants.RKNN_NPU_CORE_0_1_2, NpuCoreMask.parse("0_1_2", Platform.RK3588, "k"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpuCoreMask.parse("0_1_2", Platform.RK3576, "benchmate.vision.core-mask"));
        assertEquals("benchmate.vision.core-mask is '0_1_2', but rk3576 has 2 NPU core(s); it takes auto, all, 0, 1, "
                + "0_1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NpuCoreMask.parse("fast", Platform.RK3562, "benchmate.vision.core-mask"));
        assertEquals("benchmate.vision.core-mask is 'fast'; it takes auto, all, 0", e.getMessage());
    }

    @Test
    void theDemosCoreCountIsCheckedAgainstTheSoc() {
        assertEquals(RknnConstants.RKNN_NPU_CORE_0_1_2, NpuCoreMask.forCoreCount(3, Platform.RK3588, "--npu-cores"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpuCoreMask.forCoreCount(5, Platform.RK3576, "--npu-cores"));
        assertEquals("--npu-cores is 5, but rk3576 has 2 NPU core(s): give 1 to 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NpuCoreMask.forCoreCount(0, Platform.RK3588, "--npu-cores"));
    }

    @Test
    void aContextWithNoRoomForAQuestionNamesBothKeys() {
        var base = SimulatedNpu.brainSettings(64, 2048);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BrainSettings(
                base.rkllmLibrary(), base.rknnLibrary(), base.visionModel(), 0,
                new dev.benchmate.thinking.LanguageModelSettings(base.llm().model(), 256, 300, 1, 0.8f, 0.7f, 1.1f,
                        Platform.RK3576, 0xF0, base.llm().imageTags()), base.template(), true,
                BrainSettings.Names.CONFIG));
        assertTrue(e.getMessage().startsWith("benchmate.llm.max-context-len is 300, but benchmate.llm.max-new-tokens "
                + "(256) and the system prompt"), e.getMessage());
    }

    @Test
    void theWakePhraseIsTakenOffATranscriptHoweverItIsWritten() {
        Phrases en = Phrases.english("hey bench mate");
        assertEquals("What is this?", en.withoutWakePhrase("Hey, Bench Mate! What is this?"));
        assertEquals("what is this", en.withoutWakePhrase("hey benchmate what is this"));
        assertEquals("Hey benchmarks are fast", en.withoutWakePhrase("Hey benchmarks are fast"));
        assertEquals("What is this?", en.withoutWakePhrase("What is this?"));
        assertEquals("", en.withoutWakePhrase("Hey bench mate."));
        Phrases zh = Phrases.chinese("你好 助手");
        assertEquals("这是什么？", zh.withoutWakePhrase("你好，助手。这是什么？"));
    }

    /** benchmate.transcribing.* as a person sets them. */
    private static BenchmateConfig.Transcribing transcribing(int threads, boolean sizedWindow) {
        return new BenchmateConfig.Transcribing() {
            @Override
            public java.nio.file.Path model() {
                return java.nio.file.Path.of("/nowhere/ggml-tiny-q8_0.bin");
            }

            @Override
            public String language() {
                return "en";
            }

            @Override
            public int threads() {
                return threads;
            }

            @Override
            public java.util.Optional<String> initialPrompt() {
                return java.util.Optional.of("resistor");
            }

            @Override
            public boolean sizedWindow() {
                return sizedWindow;
            }

            @Override
            public boolean atPauses() {
                return true;
            }

            @Override
            public boolean joinParts() {
                return false;
            }
        };
    }

    @Test
    void theSizedWindowSettingReachesWhisper() {
        assertTrue(ConfiguredSettings.transcriber(transcribing(2, true)).sizedWindow());
        var full = ConfiguredSettings.transcriber(transcribing(3, false));
        assertEquals(false, full.sizedWindow());
        assertEquals(3, full.threads());
        assertEquals(java.util.Optional.of("resistor"), full.initialPrompt());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfiguredSettings.transcriber(transcribing(0, true)));
        assertEquals("benchmate.transcribing.threads must be 1 or more, got 0", e.getMessage());
    }

    @Test
    void theWindowIsSizedUnlessAPersonSaysOtherwise() throws java.io.IOException {
        java.util.Properties defaults = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(ConfigurationDocsTest.SOURCE.resolve(
                "src/main/resources/application.properties"))) {
            defaults.load(in);
        }
        assertEquals("true", defaults.getProperty("benchmate.transcribing.sized-window"));
    }
    /** benchmate.listening.* with this pause and the defaults otherwise. */
    private static BenchmateConfig.Listening listening(int pauseMs) {
        return listening(pauseMs, 200, java.util.Optional.empty());
    }

    /** benchmate.listening.* with this pause, echo filter and speexdsp library, and the defaults otherwise. */
    private static BenchmateConfig.Listening listening(int pauseMs, int echoFilterMs,
            java.util.Optional<java.nio.file.Path> speexdsp) {
        return listening(pauseMs, echoFilterMs, speexdsp, "command");
    }

    private static BenchmateConfig.Listening listening(int pauseMs, int echoFilterMs,
            java.util.Optional<java.nio.file.Path> speexdsp, String bargeIn) {
        return new BenchmateConfig.Listening() {
            public String bargeIn() {
                return bargeIn;
            }

            public boolean echoCancellation() {
                return true;
            }

            public int echoFilterMs() {
                return echoFilterMs;
            }

            public boolean denoise() {
                return true;
            }

            public boolean agc() {
                return false;
            }

            public boolean dereverb() {
                return false;
            }

            public java.util.Optional<java.nio.file.Path> speexdspLibrary() {
                return speexdsp;
            }

            public java.util.Optional<String> inputDevice() {
                return java.util.Optional.empty();
            }

            public java.util.Optional<java.nio.file.Path> inputFile() {
                return java.util.Optional.empty();
            }

            public int preRollMs() {
                return 300;
            }

            public int endSilenceMs() {
                return 700;
            }

            public int pauseMs() {
                return pauseMs;
            }

            public int maxUtteranceMs() {
                return 15000;
            }

            public String mode() {
                return "wake-phrase";
            }

            public String language() {
                return "en";
            }

            public java.util.Optional<String> wakePhrase() {
                return java.util.Optional.empty();
            }

            public int followUpMs() {
                return 8000;
            }

            public java.nio.file.Path voskModel() {
                return java.nio.file.Path.of("/nowhere");
            }

            public java.util.Optional<java.nio.file.Path> voskLibrary() {
                return java.util.Optional.empty();
            }
        };
    }

    @Test
    void theEchoFilterLengthIsCheckedAndAMissingSpeexdspTurnsEchoCancellationOff() {
        assertEquals(300, ListeningSetup.echoSettings(listening(300, 300, java.util.Optional.empty())).filterMs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ListeningSetup.echoSettings(listening(300, 5000, java.util.Optional.empty())));
        assertEquals("benchmate.listening.echo-filter-ms must be 20 to 1000, got 5000", e.getMessage());
        var part = ListeningSetup.echoCanceller(listening(300, 200,
                java.util.Optional.of(java.nio.file.Path.of("/nonexistent/echo-settings/libspeexdsp.so.1"))));
        assertTrue(part.value().isEmpty());
        assertTrue(part.detail().contains("libspeexdsp1"), part.detail());
    }

    @Test
    void aPauseMustBeShorterThanTheSilenceThatEndsAnUtterance() {
        ListeningSetup.recorder(listening(300));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ListeningSetup.recorder(listening(700)));
        assertEquals("benchmate.listening.pause-ms (700) must be shorter than benchmate.listening.end-silence-ms (700)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ListeningSetup.recorder(listening(0)));
    }
}
