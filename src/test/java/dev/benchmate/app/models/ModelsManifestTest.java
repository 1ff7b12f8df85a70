package dev.benchmate.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The repository's models/manifest.json: what it lists, that it says what it does not know, and its checks. */
class ModelsManifestTest {
    static final Path SOURCE = Path.of(System.getProperty("benchmate.source.dir", "."));

    static Manifest repository() {
        return Manifest.read(SOURCE.resolve("models/manifest.json"));
    }

    @Test
    void theJarCarriesTheRepositorysManifest() throws Exception {
        assertEquals(repository().models(), Manifest.builtIn().models());
        assertEquals("built in", Manifest.builtIn().origin());
    }

    @Test
    void listsEveryModelBenchmateUsesByDefaultWithTheSettingThatPlacesIt() {
        Map<String, ModelEntry> byFile = repository().models().stream()
                .collect(Collectors.toMap(ModelEntry::file, m -> m));
        assertEquals(ModelSetting.LLM, byFile.get("qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm").setting());
        assertEquals(ModelSetting.VISION, byFile.get("qwen2_5_vl_3b_vision_rk3576.rknn").setting());
        assertEquals(ModelSetting.LLM, byFile.get("qwen2.5-vl-3b-w8a8_level1_rk3588.rkllm").setting());
        assertEquals(ModelSetting.VISION, byFile.get("qwen2_5_vl_3b_vision_rk3588.rknn").setting());
        assertEquals(ModelSetting.TRANSCRIBING, byFile.get("ggml-tiny-q8_0.bin").setting());
        assertEquals(ModelSetting.VOSK_MODEL, byFile.get("vosk-model-small-en-us-0.15").setting());
        assertEquals(ModelSetting.VOSK_MODEL, byFile.get("vosk-model-small-cn-0.22").setting());
        assertEquals(ModelSetting.VOSK_LIBRARY, byFile.get("libvosk.so").setting());
        assertEquals(8, byFile.size());

        assertEquals(List.of("rk3576"), byFile.get("qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm").socs());
        assertEquals(List.of("rk3588"), byFile.get("qwen2_5_vl_3b_vision_rk3588.rknn").socs());
        assertTrue(byFile.get("qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm").runtime().contains("RKLLM runtime 1.3.x"));
        assertEquals("en", byFile.get("vosk-model-small-en-us-0.15").language().orElseThrow());
        assertEquals("zh", byFile.get("vosk-model-small-cn-0.22").language().orElseThrow());
    }

    @Test
    void theDefaultSettingsNameTheRk3576ModelsOfTheManifest() throws Exception {
        String properties = Files.readString(SOURCE.resolve("src/main/resources/application.properties"));
        for (String file : List.of("qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm", "qwen2_5_vl_3b_vision_rk3576.rknn",
                "ggml-tiny-q8_0.bin", "vosk-model-small-en-us-0.15")) {
            assertTrue(properties.contains("/" + file + "\n"), file + " is a default in application.properties");
        }
    }

    @Test
    void archivesAreZipsHoldingTheModel() {
        Manifest m = repository();
        ModelEntry en = m.find("vosk-model-small-en-us-0.15").orElseThrow();
        assertEquals(new ModelEntry.Archive("vosk-model-small-en-us-0.15.zip", "vosk-model-small-en-us-0.15/"),
                en.archive().orElseThrow());
        assertTrue(en.isFolder());
        ModelEntry lib = m.find("libvosk.so").orElseThrow();
        assertEquals("vosk-linux-aarch64-0.3.45.zip", lib.downloadName());
        assertEquals("vosk-linux-aarch64-0.3.45/libvosk.so", lib.archive().orElseThrow().entry());
        assertFalse(lib.isFolder());
        assertEquals(lib, m.find("vosk-linux-aarch64-0.3.45.zip").orElseThrow(), "found by its archive's name too");
    }

    /** What the manifest knows, and what it says it does not: no checksum is invented. */
    @Test
    void whatIsKnownAndWhatIsNot() {
        Map<String, ModelEntry> byFile = repository().models().stream()
                .collect(Collectors.toMap(ModelEntry::file, m -> m));
        ModelEntry whisper = byFile.get("ggml-tiny-q8_0.bin");
        assertEquals("c2085835d3f50733e2ff6e4b41ae8a2b8d8110461e18821b09a15c40c42d1cca", whisper.sha256().orElseThrow());
        assertEquals(43537433L, whisper.size().getAsLong());
        assertEquals("https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-tiny-q8_0.bin",
                whisper.url().orElseThrow().toString());
        assertEquals("30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
                byFile.get("vosk-model-small-en-us-0.15").sha256().orElseThrow());
        assertEquals("3af8b0e7e0f835ae9d414ce5df580237a3cfb08d586c9fbbb0f7ff29ad5b14ba",
                byFile.get("vosk-model-small-cn-0.22").sha256().orElseThrow());
        assertEquals("45e95d37755deb07568e79497d7feba8c03aee5a9e071df29961aa023fd94541",
                byFile.get("libvosk.so").sha256().orElseThrow());
        for (String qwen : List.of("qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm", "qwen2_5_vl_3b_vision_rk3576.rknn",
                "qwen2.5-vl-3b-w8a8_level1_rk3588.rkllm", "qwen2_5_vl_3b_vision_rk3588.rknn")) {
            ModelEntry m = byFile.get(qwen);
            assertTrue(m.sha256().isEmpty() && m.size().isEmpty() && m.url().isEmpty(), qwen);
            assertTrue(m.note().contains("No public download address, size or SHA-256 is known"), qwen);
            assertTrue(m.obtain().orElseThrow().contains("benchmate models fetch --from FOLDER " + qwen), qwen);
        }
        for (ModelEntry m : byFile.values()) {
            assertFalse(m.source().isBlank(), m.file() + " says where its facts come from");
        }
    }

    @Test
    void aManifestWithAMistakeIsRefusedNamingIt() {
        String good = new TestManifest().model("m.bin", "benchmate.transcribing.model", "https://x.example/m.bin",
                3L, "ab".repeat(32)).json();
        Manifest.parse(good, "test");
        assertEquals("models manifest (test): m.bin: \"sha256\" must be 64 lower-case hex digits or null",
                refused(good.replace("ab".repeat(32), "AB".repeat(32))));
        assertEquals("models manifest (test): m.bin: \"setting\" benchmate.llm.top-k is not a setting that names a model",
                refused(good.replace("benchmate.transcribing.model", "benchmate.llm.top-k")));
        assertEquals("models manifest (test): m.bin: \"size\" must be a whole number of bytes or null",
                refused(good.replace("\"size\": 3", "\"size\": -3")));
        assertEquals("models manifest (test): m.bin: a model without \"sha256\" says why in \"note\"",
                refused(good.replace("\"" + "ab".repeat(32) + "\"", "null").replace("\"a test's\"", "\"\"")));
        assertEquals("models manifest (test): \"format\" must be 1 (this Benchmate reads format 1)",
                refused(good.replace("\"format\": 1", "\"format\": 2")));
        assertTrue(refused(good.replace("\"models\": [", "\"models\": [,")).startsWith(
                "models manifest (test): not valid JSON at line 1, column 26: unexpected \',\'"));
        assertEquals("models manifest (test): m.bin appears twice", refused(new TestManifest()
                .model("m.bin", "benchmate.transcribing.model", null, null, null)
                .model("m.bin", "benchmate.llm.model", null, null, null).json()));
    }

    @Test
    void aMissingManifestFileIsOneLine() {
        assertEquals("manifest not found: /nowhere/manifest.json",
                assertThrows(IllegalArgumentException.class, () -> Manifest.read(Path.of("/nowhere/manifest.json")))
                        .getMessage());
    }

    static String refused(String json) {
        return assertThrows(IllegalArgumentException.class, () -> Manifest.parse(json, "test")).getMessage();
    }
}
