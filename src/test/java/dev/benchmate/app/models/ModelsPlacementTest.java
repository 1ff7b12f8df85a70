package dev.benchmate.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where each model goes, from the settings; which models a configuration needs. */
class ModelsPlacementTest {
    static final Path DEB = Path.of("/var/lib/benchmate/models");

    static ModelSettings deb(String platform, String language, Path llm, Path voskModel) {
        Map<ModelSetting, Path> paths = new EnumMap<>(ModelSetting.class);
        paths.put(ModelSetting.LLM, llm);
        paths.put(ModelSetting.VISION, DEB.resolve("qwen2_5_vl_3b_vision_rk3576.rknn"));
        paths.put(ModelSetting.TRANSCRIBING, DEB.resolve("ggml-tiny-q8_0.bin"));
        paths.put(ModelSetting.VOSK_MODEL, voskModel);
        paths.put(ModelSetting.VOSK_LIBRARY, DEB);
        return new ModelSettings(platform, language, paths);
    }

    final Manifest manifest = Manifest.builtIn();

    ModelEntry model(String file) {
        return manifest.find(file).orElseThrow();
    }

    @Test
    void aModelGoesWhereItsSettingNamesIt() {
        ModelSettings s = deb("rk3576", "en", DEB.resolve("qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm"),
                DEB.resolve("vosk-model-small-en-us-0.15"));
        PlacedModel llm = s.place(model("qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm"));
        assertEquals(DEB.resolve("qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm"), llm.place());
        assertTrue(llm.relevant() && llm.configured());
        assertEquals(DEB.resolve("libvosk.so"), s.place(model("libvosk.so")).place(), "in the folder its setting names");
        assertEquals(DEB.resolve("vosk-model-small-en-us-0.15"), s.place(model("vosk-model-small-en-us-0.15")).place());
        assertEquals(DEB.resolve("libvosk.so.sha256"), s.place(model("libvosk.so")).unpackRecord());
    }

    @Test
    void theModelsOfAConfigurationAreThoseOfItsSocAndLanguage() {
        ModelSettings rk3588zh = deb("RK3588", "zh", DEB.resolve("qwen2.5-vl-3b-w8a8_level1_rk3588.rkllm"),
                DEB.resolve("vosk-model-small-cn-0.22"));
        assertEquals(java.util.List.of("qwen2.5-vl-3b-w8a8_level1_rk3588.rkllm", "qwen2_5_vl_3b_vision_rk3588.rknn",
                        "ggml-tiny-q8_0.bin", "vosk-model-small-cn-0.22", "libvosk.so"),
                rk3588zh.placed(manifest, false).stream().map(p -> p.entry().file()).toList());
        assertEquals(8, rk3588zh.placed(manifest, true).size());
    }

    @Test
    void aSettingThatNamesAnotherFileLeavesTheModelBesideItWithWhatToSet() {
        ModelSettings rk3588 = deb("rk3588", "en", DEB.resolve("qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm"),
                DEB.resolve("vosk-model-small-en-us-0.15"));
        PlacedModel llm = rk3588.place(model("qwen2.5-vl-3b-w8a8_level1_rk3588.rkllm"));
        assertEquals(DEB.resolve("qwen2.5-vl-3b-w8a8_level1_rk3588.rkllm"), llm.place());
        assertFalse(llm.configured());
        assertEquals(Optional.of("benchmate.llm.model names /var/lib/benchmate/models/qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm:"
                + " set it to /var/lib/benchmate/models/qwen2.5-vl-3b-w8a8_level1_rk3588.rkllm to use this one"),
                llm.configNote());

        PlacedModel other = rk3588.place(model("vosk-model-small-cn-0.22"));
        assertFalse(other.relevant());
        assertEquals(Optional.empty(), other.configNote(), "a model for another language needs no setting now");
    }

    @Test
    void anUnsetLibraryFolderPutsLibvoskBesideTheVoskModelAndSaysToSetIt() {
        Map<ModelSetting, Path> paths = new EnumMap<>(ModelSetting.class);
        paths.put(ModelSetting.LLM, Path.of("/opt/benchmate/models/qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm"));
        paths.put(ModelSetting.VISION, Path.of("/opt/benchmate/models/qwen2_5_vl_3b_vision_rk3576.rknn"));
        paths.put(ModelSetting.TRANSCRIBING, Path.of("/opt/benchmate/models/ggml-tiny-q8_0.bin"));
        paths.put(ModelSetting.VOSK_MODEL, Path.of("/opt/benchmate/models/vosk-model-small-en-us-0.15"));
        PlacedModel lib = new ModelSettings("rk3576", "en", paths).place(model("libvosk.so"));
        assertEquals(Path.of("/opt/benchmate/models/libvosk.so"), lib.place());
        assertEquals(Optional.of("benchmate.listening.vosk-library is unset (Benchmate then uses the Vosk jar's library, "
                + "x86-64 only): set it to /opt/benchmate/models"), lib.configNote());
    }
}
