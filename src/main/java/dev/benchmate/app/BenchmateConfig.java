package dev.benchmate.app;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Benchmate's settings, from application.properties, the environment (BENCHMATE_LLM_MODEL, …) or
 * -D options. Every default and its meaning is in src/main/resources/application.properties, the
 * one place defaults live; a key that is optional here has no default.
 */
@ConfigMapping(prefix = "benchmate")
public interface BenchmateConfig {
    Npu npu();

    Llm llm();

    Vision vision();

    Listening listening();

    Transcribing transcribing();

    Speaking speaking();

    Camera camera();

    Conversation conversation();

    Turns turns();

    Http http();

    /** Where it thinks: npu (on the board) or remote (an OpenAI-compatible engine on the LAN). */
    String brain();

    Remote remote();

    /** Where Benchmate keeps its state (the instance lock); unset: see StateDirectory. */
    Optional<Path> stateDir();

    interface Npu {
        /** rk3576 | rk3588 | rk3562 | rv1126b. */
        String platform();

        /** Run on the NPU simulator (a test instrument) instead of the board's runtimes. */
        boolean simulator();

        /** librkllmrt.so, a file or its folder; empty: the system paths. */
        Optional<Path> rkllmLibrary();

        /** librknnrt.so, a file or its folder; empty: the system paths. */
        Optional<Path> rknnLibrary();

        /**
         * The C ABI librkllmrt.so speaks: auto (read from the library file's version text; refuses to
         * load the brain when it cannot tell), 1.2 (runtime 1.2.x) or 1.3 (runtime 1.3.x).
         */
        String rkllmApi();
    }

    interface Llm {
        Path model();

        int maxNewTokens();

        int maxContextLen();

        int topK();

        float topP();

        float temperature();

        float repeatPenalty();

        /** CPU cores the runtime may use, e.g. 0xF0 for CPU4..CPU7 (the big cores). */
        String enabledCpusMask();

        /** Plain text; wrapped in the model family's chat format. Chinese works. */
        String systemPrompt();
    }

    interface Vision {
        Path model();

        /** auto, all, 0, 1, 2, 0_1, 0_1_2 (the cores the SoC has). */
        String coreMask();

        /** qwen2-vl (also Qwen2.5-VL), minicpm-v or deepseek-ocr: chooses the image tags. */
        String family();

        Optional<String> imageStart();

        Optional<String> imageEnd();

        Optional<String> imageContent();

        /** Words that make a follow-up question take a fresh picture. */
        List<String> pictureWords();

        /** Encode the camera's view ahead of a question once it holds still (the service). */
        boolean encodeAhead();

        /** At most one encoding ahead per this long. */
        Duration encodeAheadGap();

        /** The largest change of a thumbnail cell's mean blue, green or red (0–255) that is still the same view. */
        double sameView();
    }

    interface Listening {
        /** Part of the capture device's name; unset for the first capture device. */
        Optional<String> inputDevice();

        /** A WAV file replayed as the microphone, at real-time pace (demos, tests); the service ends with it. */
        Optional<Path> inputFile();

        int preRollMs();

        int endSilenceMs();

        /** Silence inside an utterance, after at least a second of speech, that counts as a pause. */
        int pauseMs();

        int maxUtteranceMs();

        /** wake-phrase | always-listening | push-to-talk. */
        String mode();

        /** en | zh: the language of the wake phrase and commands. */
        String language();

        /** Words of the Vosk model's vocabulary; default "hey bench mate" (en), "你好 助手" (zh). */
        Optional<String> wakePhrase();

        int followUpMs();

        Path voskModel();

        /** Folder holding libvosk.so (needed on aarch64); unset: the one inside the Vosk jar. */
        Optional<Path> voskLibrary();

        /** command | speech: what may interrupt Benchmate while it speaks. */
        String bargeIn();

        /** Cancel Benchmate's own voice (answers, earcons) out of the microphone where libspeexdsp is installed. */
        boolean echoCancellation();

        /** The echo tail the canceller covers, in ms (100–500 usual; longer adapts more slowly). */
        int echoFilterMs();

        /** speexdsp's noise suppression before the speech detector. */
        boolean denoise();

        /** speexdsp's automatic gain control before the speech detector. */
        boolean agc();

        /** speexdsp's dereverberation before the speech detector. */
        boolean dereverb();

        /** libspeexdsp.so.1 (file or folder); unset: the system's (Debian's libspeexdsp1). */
        Optional<Path> speexdspLibrary();
    }

    interface Transcribing {
        Path model();

        String language();

        int threads();

        Optional<String> initialPrompt();

        /**
         * Whisper's encoder works on the utterance and a margin (at least 1.28 s) instead of its
         * whole 30 s window: several times sooner on a short question. false: the full window.
         */
        boolean sizedWindow();

        /**
         * The audio up to a pause is transcribed while the person goes on; at speech end only the
         * rest is, with the earlier words as the prompt. false: the whole question at speech end.
         */
        boolean atPauses();

        /**
         * With atPauses: whether the rest after a pause inside the question is transcribed on its
         * own and joined to the earlier words (faster, accuracy not yet checked with the real
         * Whisper-Tiny); false: only an early transcription that is already the whole question is used.
         */
        boolean joinParts();
    }

    interface Speaking {
        String voice();

        double rate();

        /** Part of the playback device's name; unset for the first playback device. */
        Optional<String> outputDevice();

        /** A WAV file that receives everything Benchmate says, silence kept in real time, instead of a speaker. */
        Optional<Path> outputFile();

        /** espeak-ng voice for Chinese. */
        String chineseVoice();

        /** espeak-ng voice for text MaryTTS cannot voice. */
        String fallbackVoice();
    }

    interface Camera {
        String device();

        Optional<Path> image();

        int width();

        int height();

        int fps();
    }

    interface Conversation {
        /** After this long without a question, the next one starts a new conversation. */
        Duration idleTimeout();

        /**
         * When the context is full, the share (0 to 1) of what is left after the system prompt, the
         * picture and max-new-tokens that the most recent turns written back may take.
         */
        double restartKeep();
    }

    interface Turns {
        /** Questions from the web and commands that may wait while the NPU is busy. */
        int queueSize();

        /** How long such a question may wait before it is refused as busy. */
        Duration maxWait();

        /** A turn that has not ended after this long is stuck; unset: from max-new-tokens. */
        Optional<Duration> limit();
    }

    interface Http {
        /** The address the service listens on; any other than loopback needs a token. */
        String host();

        int port();

        /** The bearer token every API and console request must carry; unset: none (loopback only). */
        Optional<String> token();

        /** The largest request body (a picture, a recording); larger ones get 413. */
        io.quarkus.runtime.configuration.MemorySize maxBodySize();

        /** A picture with more pixels is refused; up to it, a large picture is decoded reduced. */
        long maxPicturePixels();

        /** The longest recorded question accepted over HTTP. */
        Duration maxAudio();

        /** Clients of the event stream at once; each has its own bounded buffer. */
        int maxEventClients();
    }

    interface Remote {
        /** The engine's base URL up to and including /v1; required when benchmate.brain=remote. */
        Optional<String> url();

        /** The model asked for; unset: the first the engine lists. */
        Optional<String> model();

        /** Sent as a Bearer token; never logged. */
        Optional<String> apiKey();

        /** Plain http to an address neither loopback nor private is refused unless true. */
        boolean allowPublicHttp();

        Duration connectTimeout();

        Duration firstTokenTimeout();

        Duration betweenTokensTimeout();

        /** The conversation's budget in the engine's token counts. */
        int contextTokens();

        /** A picture is sent scaled to this long side. */
        int imageLongSide();

        int jpegQuality();

        /** npu or none: who answers when the engine fails a turn. */
        String fallback();

        /** How often the engine is asked again while fallen back. */
        Duration recheck();
    }
}
