package dev.benchmate.app.models;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A configuration whose models live in one folder, and a manager that prints into a string. */
final class ModelsFixture {
    static final ModelFetcher.Options FAST = new ModelFetcher.Options(3, Duration.ZERO, Duration.ofSeconds(30),
            Duration.ofSeconds(10));

    final Path models;
    final ModelSettings settings;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    ModelsFixture(Path models, String platform, String language, boolean voskLibrarySet) {
        this.models = models;
        Map<ModelSetting, Path> paths = new EnumMap<>(ModelSetting.class);
        paths.put(ModelSetting.LLM, models.resolve("qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm"));
        paths.put(ModelSetting.VISION, models.resolve("qwen2_5_vl_3b_vision_rk3576.rknn"));
        paths.put(ModelSetting.TRANSCRIBING, models.resolve("model.bin"));
        paths.put(ModelSetting.VOSK_MODEL, models.resolve("vosk-model-test"));
        if (voskLibrarySet) {
            paths.put(ModelSetting.VOSK_LIBRARY, models);
        }
        this.settings = new ModelSettings(platform, language, paths);
    }

    ModelsFixture(Path models) {
        this(models, "rk3576", "en", true);
    }

    ModelsManager manager(Manifest manifest) {
        return new ModelsManager(manifest, settings, out, false);
    }

    int fetch(Manifest manifest, String... names) {
        return manager(manifest).fetch(Optional.empty(), List.of(names), FAST);
    }

    int fetch(Manifest manifest, ModelFetcher.Options options, String... names) {
        return manager(manifest).fetch(Optional.empty(), List.of(names), options);
    }

    int fetchFrom(Manifest manifest, String from, String... names) {
        return manager(manifest).fetch(Optional.of(from), List.of(names), FAST);
    }

    /** Everything printed so far (also on the test's output, target/surefire-reports), and forgets it. */
    String output() {
        String s = output.toString(StandardCharsets.UTF_8);
        output.reset();
        System.out.print(s);
        return s;
    }
}
