package dev.benchmate.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Benchmate's settings, from application.properties, the environment (BENCHMATE_LLM_MODEL, …) or
 * -D options. Defaults and their meaning are in src/main/resources/application.properties.
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

    interface Npu {
        /** rk3576 | rk3588 | rk3562 | rv1126b. */
        String platform();

        /** Run on the NPU simulator (a test instrument) instead of the board's runtimes. */
        @WithDefault("false")
        boolean simulator();

        /** librkllmrt.so, a file or its folder; empty: the system paths. */
        Optional<Path> rkllmLibrary();

        /** librknnrt.so, a file or its folder; empty: the system paths. */
        Optional<Path> rknnLibrary();
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

        /** auto, all, 0, 1, 2, 0_1, 0_1_2. */
        String coreMask();

        /** qwen2-vl (also Qwen2.5-VL), minicpm-v or deepseek-ocr: chooses the image tags. */
        String family();

        Optional<String> imageStart();

        Optional<String> imageEnd();

        Optional<String> imageContent();
    }

    interface Listening {
        /** Part of the capture device's name; unset for the first capture device. */
        Optional<String> inputDevice();

        /** Audio kept from before the detected start, so the first syllable is not lost. */
        @WithDefault("300")
        int preRollMs();

        /** Silence that ends an utterance. */
        @WithDefault("700")
        int endSilenceMs();

        /** An utterance is cut at this length. */
        @WithDefault("15000")
        int maxUtteranceMs();

        /** wake-phrase | always-listening | push-to-talk. */
        @WithDefault("wake-phrase")
        String mode();

        /** en | zh: the language of the wake phrase and commands. */
        @WithDefault("en")
        String language();

        /** Words of the Vosk model's vocabulary; default "hey bench mate" (en), "你好 助手" (zh). */
        Optional<String> wakePhrase();

        /** After an answer, how long a question needs no wake phrase. */
        @WithDefault("8000")
        int followUpMs();

        /** An unpacked Vosk model folder. */
        @WithDefault("/opt/benchmate/models/vosk-model-small-en-us-0.15")
        Path voskModel();

        /** Folder holding libvosk.so (needed on aarch64); unset: the one inside the Vosk jar. */
        Optional<Path> voskLibrary();
    }

    interface Transcribing {
        /** A whisper.cpp ggml model; Whisper-Tiny q8_0 on the board. */
        @WithDefault("/opt/benchmate/models/ggml-tiny-q8_0.bin")
        Path model();

        /** auto, en, zh, or another Whisper language code. */
        @WithDefault("auto")
        String language();

        @WithDefault("4")
        int threads();

        /** Words that prime the vocabulary, e.g. "resistor, capacitor, solder, multimeter". */
        Optional<String> initialPrompt();
    }

    interface Speaking {
        /** MaryTTS voice. */
        @WithDefault("cmu-slt-hsmm")
        String voice();

        /** Speaking speed: 1.0 the voice's own, 1.2 a fifth faster (0.5 to 2). */
        @WithDefault("1.0")
        double rate();

        /** Part of the playback device's name; unset for the first playback device. */
        Optional<String> outputDevice();
    }

    interface Camera {
        /** V4L2 index ("0") or path ("/dev/video0"). */
        @WithDefault("0")
        String device();

        /** A picture file to use instead of a camera (boards without one, demos). */
        Optional<Path> image();

        @WithDefault("1280")
        int width();

        @WithDefault("720")
        int height();

        @WithDefault("15")
        int fps();
    }
}
