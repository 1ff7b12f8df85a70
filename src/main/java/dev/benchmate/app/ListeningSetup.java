package dev.benchmate.app;

import dev.benchmate.bindings.NativeLibraryMissingException;
import dev.benchmate.core.VoiceLoop;
import dev.benchmate.listening.EchoCanceller;
import dev.benchmate.listening.EchoSettings;
import dev.benchmate.listening.HandsFreeGate;
import dev.benchmate.listening.HandsFreeMode;
import dev.benchmate.listening.PhraseSpotter;
import dev.benchmate.listening.Phrases;
import dev.benchmate.listening.SpeechDetectorSettings;
import dev.benchmate.listening.TarsosSpeechDetector;
import dev.benchmate.listening.SpeexEchoCanceller;
import dev.benchmate.listening.UtteranceRecorder;
import dev.benchmate.listening.VoskPhraseSpotter;
import dev.benchmate.media.SpeechFeatureUnavailableException;
import dev.benchmate.transcribing.Transcriber;
import dev.benchmate.transcribing.TranscriberSettings;
import dev.benchmate.transcribing.WhisperModelException;
import dev.benchmate.transcribing.WhisperTranscriber;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Builds the listening chain from the configuration; a missing model turns its feature off, with one line. */
public final class ListeningSetup {
    private static final Logger LOG = Logger.getLogger(ListeningSetup.class);

    /** A part that may be off, and what it is or why it is off. */
    public record Part<T>(Optional<T> value, String detail) {
    }

    private ListeningSetup() {
    }

    public static UtteranceRecorder recorder(BenchmateConfig.Listening l) {
        positive(l.endSilenceMs(), "benchmate.listening.end-silence-ms");
        positive(l.maxUtteranceMs(), "benchmate.listening.max-utterance-ms");
        if (l.endSilenceMs() >= l.maxUtteranceMs()) {
            throw new IllegalArgumentException("benchmate.listening.end-silence-ms (" + l.endSilenceMs()
                    + ") must be shorter than benchmate.listening.max-utterance-ms (" + l.maxUtteranceMs() + ")");
        }
        positive(l.pauseMs(), "benchmate.listening.pause-ms");
        if (l.pauseMs() >= l.endSilenceMs()) {
            throw new IllegalArgumentException("benchmate.listening.pause-ms (" + l.pauseMs()
                    + ") must be shorter than benchmate.listening.end-silence-ms (" + l.endSilenceMs() + ")");
        }
        if (l.preRollMs() < 0 || l.preRollMs() > 2000) {
            throw new IllegalArgumentException("benchmate.listening.pre-roll-ms must be 0 to 2000, got "
                    + l.preRollMs());
        }
        SpeechDetectorSettings settings = new SpeechDetectorSettings(l.endSilenceMs(), l.maxUtteranceMs(),
                SpeechDetectorSettings.DEFAULTS.onsetDb(), SpeechDetectorSettings.DEFAULTS.holdDb());
        return new UtteranceRecorder(new TarsosSpeechDetector(settings), l.preRollMs(), l.pauseMs());
    }

    public static Phrases phrases(BenchmateConfig.Listening l) {
        return switch (l.language().trim().toLowerCase(Locale.ROOT)) {
            case "en" -> Phrases.english(l.wakePhrase().orElse("hey bench mate"));
            case "zh" -> Phrases.chinese(l.wakePhrase().orElse("你好 助手"));
            default -> throw new IllegalArgumentException("benchmate.listening.language is '" + l.language()
                    + "'; it takes en or zh");
        };
    }

    public static HandsFreeGate gate(BenchmateConfig.Listening l) {
        positive(l.followUpMs(), "benchmate.listening.follow-up-ms");
        return new HandsFreeGate(HandsFreeMode.parse(l.mode()), phrases(l), Duration.ofMillis(l.followUpMs()),
                InstantSource.system());
    }

    /** The transcriber, or why there is none (logged once). */
    public static Part<Transcriber> transcriber(BenchmateConfig.Transcribing t) {
        TranscriberSettings settings = ConfiguredSettings.transcriber(t);
        try {
            WhisperTranscriber w = WhisperTranscriber.open(t.model(), settings);
            return new Part<>(Optional.of(w), "Whisper " + t.model().getFileName() + (settings.sizedWindow()
                    ? " (window sized to the utterance)" : " (full 30 s window)"));
        } catch (WhisperModelException | SpeechFeatureUnavailableException e) {
            String why = e.getMessage() + " (Whisper-Tiny q8_0: ggml-tiny-q8_0.bin from whisper.cpp's models; "
                    + "set benchmate.transcribing.model)";
            LOG.warnf("Transcription is off: %s", why);
            return new Part<>(Optional.empty(), why);
        }
    }

    /** The spotter, or why there is none (logged once). */
    public static Part<PhraseSpotter> spotter(BenchmateConfig.Listening l) {
        try {
            VoskPhraseSpotter v = VoskPhraseSpotter.open(l.voskModel(), l.voskLibrary(), phrases(l).grammar());
            return new Part<>(Optional.of(v), "Vosk " + l.voskModel().getFileName());
        } catch (SpeechFeatureUnavailableException e) {
            LOG.warnf("Wake phrase and spoken commands are off: %s", e.getMessage());
            return new Part<>(Optional.empty(), e.getMessage());
        }
    }

    /**
     * What may interrupt Benchmate while it speaks (benchmate.listening.barge-in): speech only where
     * the microphone does not hear Benchmate's own voice (echo cancellation on, or a recording as
     * input); otherwise commands, and why.
     */
    public static Part<VoiceLoop.BargeIn> bargeIn(BenchmateConfig.Listening l, boolean ownVoiceKeptOut) {
        return switch (l.bargeIn().trim().toLowerCase(Locale.ROOT)) {
            case "command" -> new Part<>(Optional.of(VoiceLoop.BargeIn.COMMAND), "only commands stop an answer");
            case "speech" -> ownVoiceKeptOut
                    ? new Part<>(Optional.of(VoiceLoop.BargeIn.SPEECH), "speech over an answer stops it")
                    : new Part<>(Optional.of(VoiceLoop.BargeIn.COMMAND), "benchmate.listening.barge-in=speech needs "
                    + "echo cancellation (else Benchmate's own voice would stop its answers): only commands stop an "
                    + "answer");
            default -> throw new IllegalArgumentException("benchmate.listening.barge-in is '" + l.bargeIn()
                    + "'; it takes command or speech");
        };
    }

    /** The echo canceller's settings, checked. */
    public static EchoSettings echoSettings(BenchmateConfig.Listening l) {
        if (l.echoFilterMs() < 20 || l.echoFilterMs() > 1000) {
            throw new IllegalArgumentException("benchmate.listening.echo-filter-ms must be 20 to 1000, got "
                    + l.echoFilterMs());
        }
        return EchoSettings.DEFAULTS.withFilterMs(l.echoFilterMs()).withPreprocessing(l.denoise(), l.agc(), l.dereverb());
    }

    /**
     * The echo canceller (with its preprocessor), or why there is none: switched off, or
     * libspeexdsp missing (logged once; listening then works as without it).
     */
    public static Part<EchoCanceller> echoCanceller(BenchmateConfig.Listening l) {
        EchoSettings settings = echoSettings(l);
        if (!l.echoCancellation()) {
            return new Part<>(Optional.empty(), "off (benchmate.listening.echo-cancellation=false)");
        }
        try {
            SpeexEchoCanceller c = SpeexEchoCanceller.open(l.speexdspLibrary(), settings);
            return new Part<>(Optional.of(c), c.describe());
        } catch (NativeLibraryMissingException e) {
            LOG.warnf("Echo cancellation is off: %s", e.getMessage());
            return new Part<>(Optional.empty(), e.getMessage());
        }
    }

    private static void positive(int value, String key) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be a positive number of milliseconds, got " + value);
        }
    }
}
