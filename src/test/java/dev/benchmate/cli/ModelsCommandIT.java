package dev.benchmate.cli;

import dev.benchmate.testing.JarProcess;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.app.models.ModelServer;
import dev.benchmate.app.models.TestManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * benchmate models, models verify and models fetch in the packaged application, against a web
 * server on 127.0.0.1 serving generated model files and a manifest that names them.
 */
class ModelsCommandIT {
    @TempDir
    Path dir;

    ModelServer server;
    Path models;
    List<String> settings;
    byte[] whisper = ModelServer.bytes(700_000, 31);
    byte[] voskZip;
    byte[] libZip;
    byte[] lib = ModelServer.bytes(40_000, 32);

    @BeforeEach
    void serve() throws Exception {
        server = new ModelServer();
        models = dir.resolve("models");
        settings = List.of("-Dbenchmate.transcribing.model=" + models.resolve("ggml-test.bin"),
                "-Dbenchmate.listening.vosk-model=" + models.resolve("vosk-model-test"),
                "-Dbenchmate.listening.vosk-library=" + models,
                "-Dbenchmate.llm.model=" + models.resolve("qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm"),
                "-Dbenchmate.vision.model=" + models.resolve("qwen2_5_vl_3b_vision_rk3576.rknn"));
        Map<String, byte[]> vosk = new LinkedHashMap<>();
        vosk.put("vosk-model-test/am/final.mdl", ModelServer.bytes(50_000, 33));
        vosk.put("vosk-model-test/conf/model.conf", "--sample-frequency=16000\n".getBytes());
        voskZip = ModelServer.zip(vosk);
        libZip = ModelServer.zip(Map.of("vosk-linux-test/libvosk.so", lib));
        server.serve("/m/ggml-test.bin", whisper);
        server.serveCut("/m/vosk-model-test.zip", voskZip, 20_000, 1);
        server.serve("/m/vosk-linux-test.zip", libZip);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Path manifest(String whisperPath, String whisperSha) throws Exception {
        return new TestManifest()
                .model("ggml-test.bin", "benchmate.transcribing.model", server.url(whisperPath), (long) whisper.length,
                        whisperSha)
                .model("vosk-model-test", "benchmate.listening.vosk-model", server.url("/m/vosk-model-test.zip"),
                        (long) voskZip.length, ModelServer.sha256(voskZip), "vosk-model-test.zip", "vosk-model-test/",
                        null, "en")
                .model("libvosk.so", "benchmate.listening.vosk-library", server.url("/m/vosk-linux-test.zip"),
                        (long) libZip.length, ModelServer.sha256(libZip), "vosk-linux-test.zip",
                        "vosk-linux-test/libvosk.so", null, null)
                .write(dir.resolve("manifest-" + whisperPath.replace('/', '_') + ".json"));
    }

    record Run(int exit, String output) {
    }

    Run run(String... args) throws Exception {
        try (JarProcess p = JarProcess.start(settings, args)) {
            int exit = p.awaitExit(120);
            String out = p.output();
            assertFalse(out.contains("Exception") || out.contains("\tat "), "one-line messages only:\n" + out);
            return new Run(exit, out);
        }
    }

    @Test
    void listVerifyFetchVerify() throws Exception {
        String manifest = manifest("/m/ggml-test.bin", ModelServer.sha256(whisper)).toString();

        Run list = run("models", "--manifest", manifest);
        assertEquals(0, list.exit(), list.output());
        assertTrue(list.output().contains("  ggml-test.bin    missing      " + models.resolve("ggml-test.bin")
                + " (benchmate.transcribing.model)\n"), list.output());
        assertTrue(list.output().contains("3 models for rk3576: 3 missing."), list.output());

        Run before = run("models", "verify", "--manifest", manifest);
        assertEquals(1, before.exit(), before.output());
        assertTrue(before.output().contains("get it: benchmate models fetch ggml-test.bin (from "
                + server.url("/m/ggml-test.bin") + ")"), before.output());
        assertTrue(before.output().contains("verify: 3 of 3 models not ready: ggml-test.bin (missing), "
                + "vosk-model-test (missing), libvosk.so (missing)"), before.output());

        Run fetch = run("models", "fetch", "--manifest", manifest);
        assertEquals(0, fetch.exit(), fetch.output());
        assertTrue(fetch.output().contains("ggml-test.bin: checksum ok; in place at " + models.resolve("ggml-test.bin")),
                fetch.output());
        assertTrue(fetch.output().contains("vosk-model-test: the transfer broke (connection cut"), fetch.output());
        assertTrue(fetch.output().contains("vosk-model-test: checksum ok; in place at " + models.resolve("vosk-model-test")),
                fetch.output());
        assertTrue(fetch.output().contains("fetch: 3 in place\n"), fetch.output());
        assertArrayEquals(whisper, Files.readAllBytes(models.resolve("ggml-test.bin")));
        assertArrayEquals(lib, Files.readAllBytes(models.resolve("libvosk.so")));
        assertTrue(Files.isRegularFile(models.resolve("vosk-model-test/conf/model.conf")));

        Run after = run("models", "--manifest", manifest, "verify");
        assertEquals(0, after.exit(), after.output());
        assertTrue(after.output().contains("  ggml-test.bin    checksum ok  "), after.output());
        assertTrue(after.output().contains("verify: 3 models, all in place\n"), after.output());

        Run listed = run("models", "--manifest", manifest);
        assertTrue(listed.output().contains("3 models for rk3576: 3 present."), listed.output());
    }

    @Test
    void aMissingFileAndAWrongChecksumAreOneLineEachAndExit1() throws Exception {
        Run missing = run("models", "fetch", "--manifest", manifest("/m/gone.bin", ModelServer.sha256(whisper)).toString(),
                "ggml-test.bin");
        assertEquals(1, missing.exit(), missing.output());
        assertTrue(missing.output().contains("ggml-test.bin: not found at " + server.url("/m/gone.bin") + " (HTTP 404)\n"),
                missing.output());
        assertTrue(missing.output().contains("fetch: 0 in place, 1 failed: ggml-test.bin"), missing.output());

        Run wrong = run("models", "fetch", "--manifest", manifest("/m/ggml-test.bin", "0".repeat(64)).toString(),
                "ggml-test.bin");
        assertEquals(1, wrong.exit(), wrong.output());
        assertTrue(wrong.output().contains("ggml-test.bin: refused: the SHA-256 of what " + server.url("/m/ggml-test.bin")
                + " gave is " + ModelServer.sha256(whisper) + ", the manifest says " + "0".repeat(64)
                + "; the download is removed"), wrong.output());
        assertFalse(Files.exists(models.resolve("ggml-test.bin")), "nothing under the real name");
        assertFalse(Files.exists(models.resolve("ggml-test.bin.part")), "nor a part");
    }

    @Test
    void fromAFolder(@TempDir Path stick) throws Exception {
        Files.write(stick.resolve("ggml-test.bin"), whisper);

        Run fetch = run("models", "fetch", "--from", stick.toString(), "--manifest",
                manifest("/m/elsewhere.bin", ModelServer.sha256(whisper)).toString(), "ggml-test.bin");

        assertEquals(0, fetch.exit(), fetch.output());
        assertTrue(fetch.output().contains("ggml-test.bin: fetching " + stick.resolve("ggml-test.bin")), fetch.output());
        assertArrayEquals(whisper, Files.readAllBytes(models.resolve("ggml-test.bin")));
    }

    @Test
    void theBuiltInManifestListsTheDefaultModelsAndExits0() throws Exception {
        Run list = run("models");

        assertEquals(0, list.exit(), list.output());
        assertTrue(list.output().contains("Models for rk3576 (manifest: built in)"), list.output());
        assertTrue(list.output().contains("  qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm  missing      "
                + models.resolve("qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm") + " (benchmate.llm.model)"), list.output());
        assertTrue(list.output().contains("5 models for rk3576: 5 missing."), list.output());
    }

    @Test
    void mistakesInTheCommandAreOneLineAndExit1() throws Exception {
        Run noManifest = run("models", "--manifest", dir.resolve("none.json").toString());
        assertEquals(1, noManifest.exit());
        assertTrue(noManifest.output().contains("models: manifest not found: " + dir.resolve("none.json")),
                noManifest.output());

        Run noFolder = run("models", "fetch", "--from", dir.resolve("no-stick").toString());
        assertEquals(1, noFolder.exit());
        assertTrue(noFolder.output().contains("models fetch: --from " + dir.resolve("no-stick") + ": no such folder"),
                noFolder.output());

        Run noModel = run("models", "fetch", "whisper-large.bin");
        assertEquals(1, noModel.exit());
        assertTrue(noModel.output().contains("models fetch: no model named whisper-large.bin in the manifest (built in): "
                + "'benchmate models --all' lists them"), noModel.output());
    }
}
