package dev.benchmate.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** benchmate models (the listing) and benchmate models verify: states, places, exit statuses, messages. */
class ModelsListingTest {
    @TempDir
    Path models;

    Manifest manifest() throws Exception {
        return new TestManifest()
                .model("model.bin", "benchmate.transcribing.model", "https://example.invalid/model.bin", 5L,
                        ModelServer.sha256("hello".getBytes()))
                .model("qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm", "benchmate.llm.model", null, null, null,
                        null, null, "rk3576", null)
                .model("other_rk3588.rkllm", "benchmate.llm.model", null, null, null, null, null, "rk3588", null)
                .manifest();
    }

    @Test
    void theListingSaysEachModelsStateAndPlaceAndExits0() throws Exception {
        ModelsFixture f = new ModelsFixture(models);

        assertEquals(0, f.manager(manifest()).list(false));
        List<String> lines = f.output().lines().toList();

        assertEquals("Models for rk3576 (manifest: test); sizes only, 'benchmate models verify' checks the checksums",
                lines.get(0));
        assertEquals("  model.bin                                missing      " + models.resolve("model.bin")
                + " (benchmate.transcribing.model)", lines.get(1));
        assertEquals("  qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm  missing      "
                + models.resolve("qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm") + " (benchmate.llm.model)", lines.get(2));
        assertEquals("2 models for rk3576: 2 missing.", lines.get(3));
        assertEquals("'benchmate models fetch' gets them; 'benchmate models verify' says where each comes from.",
                lines.get(4));
        assertEquals(5, lines.size(), "the rk3588 model is not listed");
    }

    @Test
    void presentWrongAndUnverifiedWithoutReadingTheModels() throws Exception {
        ModelsFixture f = new ModelsFixture(models);
        Files.writeString(models.resolve("model.bin"), "hullo");
        Files.writeString(models.resolve("qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm"), "weights");

        assertEquals(0, f.manager(manifest()).list(false));
        String out = f.output();

        assertTrue(out.contains("  model.bin                                present      "), out);
        assertTrue(out.contains("  qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm  unverified   "), out);
        assertTrue(out.contains("      no checksum is known for it"), out);
        assertTrue(out.contains("2 models for rk3576: 1 present, 1 unverified."), out);

        Files.writeString(models.resolve("model.bin"), "hullo!");
        f.manager(manifest()).list(false);
        out = f.output();
        assertTrue(out.contains("  model.bin                                wrong        "), out);
        assertTrue(out.contains("      6 bytes, the manifest says 5"), out);
    }

    @Test
    void allAlsoListsTheOtherSocsModelsBesideTheConfiguredOnes() throws Exception {
        ModelsFixture f = new ModelsFixture(models);

        f.manager(manifest()).list(true);
        String out = f.output();

        assertTrue(out.contains("  other_rk3588.rkllm                       missing      " + models.resolve("other_rk3588.rkllm")
                + " (benchmate.llm.model, for rk3588)"), out);
        assertTrue(out.contains("2 models for rk3576: 2 missing."), out);
    }

    @Test
    void verifyExits0WhenEveryModelIsInPlaceAndSaysWhichAreUnverified() throws Exception {
        ModelsFixture f = new ModelsFixture(models);
        Files.writeString(models.resolve("model.bin"), "hello");
        Files.writeString(models.resolve("qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm"), "weights");

        assertEquals(0, f.manager(manifest()).verify());
        String out = f.output();

        assertTrue(out.contains("  model.bin                                checksum ok  " + models.resolve("model.bin")), out);
        assertTrue(out.contains("  qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm  unverified   "), out);
        assertTrue(out.endsWith("verify: 2 models, all in place (1 unverified: no checksum can be checked for it)\n"),
                out);
    }

    @Test
    void verifyExits1NamingEachModelMissingOrWrongAndHowToGetIt() throws Exception {
        ModelsFixture f = new ModelsFixture(models);
        Files.writeString(models.resolve("model.bin"), "hullo");

        assertEquals(1, f.manager(manifest()).verify());
        String out = f.output();

        assertTrue(out.contains("  model.bin                                wrong        "), out);
        assertTrue(out.contains("      its SHA-256 is " + ModelServer.sha256("hullo".getBytes()) + ", the manifest says "
                + ModelServer.sha256("hello".getBytes())), out);
        assertTrue(out.contains("      get it: benchmate models fetch model.bin (from https://example.invalid/model.bin)"),
                out);
        assertTrue(out.contains("      get it: copy it from the test's folder"), out);
        assertTrue(out.endsWith("verify: 2 of 2 models not ready: model.bin (wrong), "
                + "qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm (missing)\n"), out);
    }

    @Test
    void verifyCountsAModelTheConfigurationDoesNotLoadAsNotReady() throws Exception {
        ModelsFixture f = new ModelsFixture(models, "rk3588", "en", true);
        Files.writeString(models.resolve("model.bin"), "hello");
        Files.writeString(models.resolve("other_rk3588.rkllm"), "weights");

        assertEquals(1, f.manager(manifest()).verify());
        String out = f.output();

        assertTrue(out.contains("      benchmate.llm.model names " + models.resolve("qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm")
                + ": set it to " + models.resolve("other_rk3588.rkllm") + " to use this one"), out);
        assertTrue(out.endsWith("verify: 1 of 2 models not ready: other_rk3588.rkllm (not configured)\n"), out);
    }

    @Test
    void theBuiltInManifestOnAMachineWithoutModels() throws Exception {
        ModelsFixture f = new ModelsFixture(models, "rk3576", "en", false);

        assertEquals(0, f.manager(Manifest.builtIn()).list(false));
        String out = f.output();

        assertTrue(out.contains("5 models for rk3576: 5 missing."), out);
        assertTrue(out.contains("      benchmate.listening.vosk-library is unset (Benchmate then uses the Vosk jar's "
                + "library, x86-64 only): set it to " + models), out);
        assertFalse(out.contains("rk3588"), out);
        assertFalse(out.contains("vosk-model-small-cn-0.22"), out);

        assertEquals(1, f.manager(Manifest.builtIn()).verify());
        out = f.output();
        assertTrue(out.contains("      get it: benchmate models fetch ggml-tiny-q8_0.bin (from "
                + "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-tiny-q8_0.bin)"), out);
        assertTrue(out.contains("      get it: convert Qwen/Qwen2.5-VL-3B-Instruct with RKLLM-Toolkit 1.3.x"), out);
        assertTrue(out.contains("verify: 5 of 5 models not ready: "), out);
    }

    @Test
    void aSocWithoutALanguageModelInTheManifestIsSaidSo() throws Exception {
        ModelsFixture f = new ModelsFixture(models, "rk3562", "zh", true);

        f.manager(Manifest.builtIn()).list(false);
        String out = f.output();

        assertTrue(out.contains("vosk-model-small-cn-0.22"), out);
        assertTrue(out.contains("The manifest lists no language model or vision encoder for rk3562: "
                + "benchmate.llm.model and benchmate.vision.model name models converted for it by you."), out);
    }
}
