package dev.benchmate.app.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** models fetch against a web server on 127.0.0.1 serving generated files. */
class ModelsFetchTest {
    static final String MODEL_SETTING = "benchmate.transcribing.model";

    @TempDir
    Path dir;

    ModelServer server;
    ModelsFixture fixture;
    Path models;

    @BeforeEach
    void start() throws IOException {
        server = new ModelServer();
        models = dir.resolve("models");
        fixture = new ModelsFixture(models);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Manifest oneModel(byte[] body, String sha) {
        return new TestManifest().model("model.bin", MODEL_SETTING, server.url("/files/model.bin"),
                (long) body.length, sha).manifest();
    }

    /** What is in the models folder, hidden files and .part files included. */
    List<String> folder() throws IOException {
        if (!Files.exists(models)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(models)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void fetchesAModelIntoPlaceAfterCheckingIt() throws Exception {
        byte[] body = ModelServer.bytes(300_000, 1);
        server.serve("/files/model.bin", body);
        Manifest manifest = oneModel(body, ModelServer.sha256(body));

        assertEquals(0, fixture.fetch(manifest));
        String out = fixture.output();

        assertArrayEquals(body, Files.readAllBytes(models.resolve("model.bin")));
        assertEquals(List.of("model.bin"), folder(), "no part or temporary file is left");
        assertTrue(out.contains("model.bin: fetching " + server.url("/files/model.bin") + " (300.0 kB) into " + models),
                out);
        assertTrue(out.contains("model.bin: checksum ok; in place at " + models.resolve("model.bin")), out);
        assertTrue(out.contains("fetch: 1 in place"), out);

        assertEquals(0, fixture.fetch(manifest), "a second fetch finds it in place");
        assertTrue(fixture.output().contains("model.bin: already in place, checksum ok"));
        assertEquals(1, server.requests().size(), "and downloads nothing");
    }

    @Test
    void aTransferCutMidwayIsResumedWithARangeRequest() throws Exception {
        byte[] body = ModelServer.bytes(500_000, 2);
        server.serveCut("/files/model.bin", body, 200_000, 1);

        assertEquals(0, fixture.fetch(oneModel(body, ModelServer.sha256(body))));
        String out = fixture.output();

        assertArrayEquals(body, Files.readAllBytes(models.resolve("model.bin")));
        List<ModelServer.Request> requests = server.requests();
        assertEquals(2, requests.size(), requests.toString());
        assertEquals(null, requests.get(0).range());
        String range = requests.get(1).range();
        assertTrue(range != null && range.matches("bytes=\\d+-"), "the second asks for the rest: " + range);
        long from = Long.parseLong(range.replaceAll("\\D", ""));
        assertTrue(from > 0 && from <= 200_000, "from what it had: " + from);
        assertTrue(out.contains("model.bin: the transfer broke ("), out);
        assertTrue(out.contains("resuming (attempt 2 of 3)"), out);
        assertTrue(out.contains("checksum ok; in place"), out);
        assertEquals(List.of("model.bin"), folder());
    }

    @Test
    void aTransferThatKeepsBreakingKeepsItsPartForTheNextRun() throws Exception {
        byte[] body = ModelServer.bytes(400_000, 3);
        server.serveCut("/files/model.bin", body, 150_000, 1);
        Manifest manifest = oneModel(body, ModelServer.sha256(body));
        ModelFetcher.Options once = new ModelFetcher.Options(1, Duration.ZERO, Duration.ofSeconds(30),
                Duration.ofSeconds(10));

        assertEquals(1, fixture.fetch(manifest, once));
        String out = fixture.output();
        assertTrue(out.contains("model.bin: the transfer from " + server.url("/files/model.bin") + " broke ("), out);
        assertTrue(out.contains("kept in " + models.resolve("model.bin.part") + ": run the fetch again to resume"), out);
        assertTrue(out.contains("fetch: 0 in place, 1 failed: model.bin"), out);
        assertEquals(List.of("model.bin.part"), folder(), "nothing under the real name");
        long kept = Files.size(models.resolve("model.bin.part"));
        assertTrue(kept > 0 && kept <= 150_000, "the part holds what arrived: " + kept);

        assertEquals(0, fixture.fetch(manifest, once), "the next run resumes");
        out = fixture.output();
        assertTrue(out.contains("resuming after the "), out);
        assertEquals("bytes=" + kept + "-", server.requests().get(1).range());
        assertArrayEquals(body, Files.readAllBytes(models.resolve("model.bin")));
        assertEquals(List.of("model.bin"), folder());
    }

    @Test
    void aRedirectIsFollowedAndTheResumeKeepsItsRange() throws Exception {
        byte[] body = ModelServer.bytes(400_000, 21);
        server.redirect("/files/model.bin", "/cdn/blob-1234");
        server.serveCut("/cdn/blob-1234", body, 100_000, 1);

        assertEquals(0, fixture.fetch(oneModel(body, ModelServer.sha256(body))));
        fixture.output();

        List<ModelServer.Request> requests = server.requests();
        assertEquals(List.of("/files/model.bin", "/cdn/blob-1234", "/files/model.bin", "/cdn/blob-1234"),
                requests.stream().map(ModelServer.Request::path).toList());
        assertTrue(requests.get(3).range() != null && requests.get(3).range().startsWith("bytes="),
                "the CDN is asked for the rest: " + requests);
        assertArrayEquals(body, Files.readAllBytes(models.resolve("model.bin")));
    }

    @Test
    void oneFetchOfAModelAtATime() throws Exception {
        byte[] body = ModelServer.bytes(10_000, 22);
        server.serve("/files/model.bin", body);
        Files.createDirectories(models);
        try (FileChannel other = FileChannel.open(models.resolve(".model.bin.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = other.lock()) {
            assertEquals(1, fixture.fetch(oneModel(body, ModelServer.sha256(body))));
            assertTrue(fixture.output().contains("model.bin: another 'benchmate models fetch' is fetching it ("
                    + models.resolve(".model.bin.lock") + " is locked): let that one finish"));
            assertFalse(Files.exists(models.resolve("model.bin")));
        }
        assertEquals(0, fixture.fetch(oneModel(body, ModelServer.sha256(body))), "once it is free");
        assertEquals(List.of("model.bin"), folder(), "the lock file goes with the fetch");
    }

    @Test
    void aStalledTransferIsCutAndResumed() throws Exception {
        byte[] body = ModelServer.bytes(300_000, 20);
        server.serveStalled("/files/model.bin", body, 120_000);
        ModelFetcher.Options impatient = new ModelFetcher.Options(2, Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofSeconds(10));

        assertEquals(0, fixture.fetch(oneModel(body, ModelServer.sha256(body)), impatient));
        String out = fixture.output();

        assertTrue(out.contains("model.bin: the transfer broke (nothing received for 1 s) after "), out);
        assertTrue(server.requests().get(1).range().startsWith("bytes="), server.requests().toString());
        assertArrayEquals(body, Files.readAllBytes(models.resolve("model.bin")));
    }

    @Test
    void aServerThatIgnoresRangeIsFetchedAgainFromTheStart() throws Exception {
        byte[] body = ModelServer.bytes(300_000, 4);
        server.serveWithoutRange("/files/model.bin", body, 100_000, 1);

        assertEquals(0, fixture.fetch(oneModel(body, ModelServer.sha256(body))));
        String out = fixture.output();

        assertTrue(out.contains("does not resume transfers: starting again"), out);
        assertArrayEquals(body, Files.readAllBytes(models.resolve("model.bin")));
    }

    @Test
    void aDownloadWithTheWrongChecksumIsRefusedAndRemoved() throws Exception {
        byte[] body = ModelServer.bytes(200_000, 5);
        byte[] other = ModelServer.bytes(200_000, 6);
        server.serve("/files/model.bin", other);

        assertEquals(1, fixture.fetch(oneModel(body, ModelServer.sha256(body))));
        String out = fixture.output();

        assertTrue(out.contains("model.bin: refused: the SHA-256 of what " + server.url("/files/model.bin") + " gave is "
                + ModelServer.sha256(other) + ", the manifest says " + ModelServer.sha256(body)
                + "; the download is removed"), out);
        assertEquals(List.of(), folder(), "nothing under the real name, no part either");
    }

    @Test
    void aWrongFileInPlaceIsReplacedAtomically() throws Exception {
        byte[] body = ModelServer.bytes(100_000, 7);
        server.serve("/files/model.bin", body);
        Files.createDirectories(models);
        Files.write(models.resolve("model.bin"), ModelServer.bytes(100_000, 8));

        assertEquals(0, fixture.fetch(oneModel(body, ModelServer.sha256(body))));
        String out = fixture.output();

        assertTrue(out.contains("is wrong (its SHA-256 is "), out);
        assertArrayEquals(body, Files.readAllBytes(models.resolve("model.bin")));
        assertEquals(List.of("model.bin"), folder());
    }

    @Test
    void aMissingFileIsOneClearLine() throws Exception {
        byte[] body = ModelServer.bytes(1000, 9);

        assertEquals(1, fixture.fetch(oneModel(body, ModelServer.sha256(body))));
        String out = fixture.output();

        assertTrue(out.contains("model.bin: not found at " + server.url("/files/model.bin") + " (HTTP 404)\n"), out);
        assertFalse(Files.exists(models), "not even the folder is made for a source that fails");
    }

    @Test
    void aRefusedConnectionIsOneClearLine() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Manifest manifest = new TestManifest().model("model.bin", MODEL_SETTING,
                "http://127.0.0.1:" + port + "/model.bin", 10L, null).manifest();

        assertEquals(1, fixture.fetch(manifest));
        String out = fixture.output();

        assertTrue(out.contains("model.bin: cannot connect to 127.0.0.1:" + port + " (connection refused)"), out);
    }

    @Test
    void aModelWithoutAKnownChecksumIsFetchedAndReportedUnverified() throws Exception {
        byte[] body = ModelServer.bytes(50_000, 10);
        server.serve("/files/model.bin", body);
        Manifest manifest = new TestManifest().model("model.bin", MODEL_SETTING, server.url("/files/model.bin"),
                null, null).manifest();

        assertEquals(0, fixture.fetch(manifest));
        String out = fixture.output();

        assertTrue(out.contains("model.bin: in place at " + models.resolve("model.bin") + ", unverified: the manifest "
                + "knows no checksum for it (the SHA-256 of what was fetched is " + ModelServer.sha256(body) + ")"), out);
        assertTrue(out.contains("fetch: 1 in place (1 unverified)"), out);

        assertEquals(0, fixture.manager(manifest).verify());
        out = fixture.output();
        assertTrue(out.contains("unverified"), out);
        assertFalse(out.contains("checksum ok"), out);
    }

    @Test
    void anArchiveIsUnpackedIntoPlaceAndItsRecordLetsVerifyCheckIt() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("vosk-model-test/", null);
        entries.put("vosk-model-test/am/final.mdl", ModelServer.bytes(30_000, 11));
        entries.put("vosk-model-test/conf/model.conf", "--sample-frequency=16000\n".getBytes());
        entries.put("vosk-model-test/README", "test model\n".getBytes());
        byte[] zip = ModelServer.zip(entries);
        server.serve("/files/vosk-model-test.zip", zip);
        Manifest manifest = new TestManifest().model("vosk-model-test", "benchmate.listening.vosk-model",
                server.url("/files/vosk-model-test.zip"), (long) zip.length, ModelServer.sha256(zip),
                "vosk-model-test.zip", "vosk-model-test/", null, "en").manifest();

        assertEquals(0, fixture.fetch(manifest, "vosk-model-test"));
        String out = fixture.output();

        Path place = models.resolve("vosk-model-test");
        assertArrayEquals(entries.get("vosk-model-test/am/final.mdl"), Files.readAllBytes(place.resolve("am/final.mdl")));
        assertEquals("--sample-frequency=16000\n", Files.readString(place.resolve("conf/model.conf")));
        assertEquals(List.of("vosk-model-test", "vosk-model-test.sha256"), folder(), "no zip, part or temporary folder");
        String record = Files.readString(models.resolve("vosk-model-test.sha256"));
        assertTrue(record.startsWith("# archive vosk-model-test.zip sha256 " + ModelServer.sha256(zip) + "\n"), record);
        assertTrue(record.contains(ModelServer.sha256(entries.get("vosk-model-test/am/final.mdl"))
                + "  vosk-model-test/am/final.mdl\n"), record);
        assertTrue(out.contains("vosk-model-test: checksum ok; in place at " + place), out);

        assertEquals(0, fixture.manager(manifest).verify());
        assertTrue(fixture.output().contains("checksum ok"));

        Files.writeString(place.resolve("conf/model.conf"), "--sample-frequency=8000\n");
        assertEquals(1, fixture.manager(manifest).verify());
        out = fixture.output();
        assertTrue(out.contains("vosk-model-test/conf/model.conf changed since it was unpacked"), out);

        assertEquals(0, fixture.fetch(manifest, "vosk-model-test"), "fetch replaces the changed folder");
        assertEquals("--sample-frequency=16000\n", Files.readString(place.resolve("conf/model.conf")));
        assertEquals(List.of("vosk-model-test", "vosk-model-test.sha256"), folder());
    }

    @Test
    void aFileIsTakenFromItsArchive() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("vosk-linux-test/libvosk.so", ModelServer.bytes(20_000, 12));
        entries.put("vosk-linux-test/vosk_api.h", "/* header */\n".getBytes());
        byte[] zip = ModelServer.zip(entries);
        server.serve("/files/vosk-linux-test.zip", zip);
        Manifest manifest = new TestManifest().model("libvosk.so", "benchmate.listening.vosk-library",
                server.url("/files/vosk-linux-test.zip"), (long) zip.length, ModelServer.sha256(zip),
                "vosk-linux-test.zip", "vosk-linux-test/libvosk.so", null, null).manifest();

        assertEquals(0, fixture.fetch(manifest, "libvosk.so"));

        assertArrayEquals(entries.get("vosk-linux-test/libvosk.so"), Files.readAllBytes(models.resolve("libvosk.so")));
        assertEquals(List.of("libvosk.so", "libvosk.so.sha256"), folder());
        assertEquals(0, fixture.manager(manifest).verify());
        String out = fixture.output();
        assertTrue(out.contains("  libvosk.so  checksum ok  " + models.resolve("libvosk.so")
                + " (benchmate.listening.vosk-library)\n      as unpacked from vosk-linux-test.zip\n"), out);
    }

    @Test
    void fromAFolderLikeAUsbStick(@TempDir Path stick) throws Exception {
        byte[] body = ModelServer.bytes(120_000, 13);
        Files.write(stick.resolve("model.bin"), body);
        Manifest manifest = oneModel(body, ModelServer.sha256(body));

        assertEquals(0, fixture.fetchFrom(manifest, stick.toString()));
        String out = fixture.output();

        assertTrue(out.contains("model.bin: fetching " + stick.resolve("model.bin")), out);
        assertArrayEquals(body, Files.readAllBytes(models.resolve("model.bin")));
        assertEquals(List.of("model.bin"), folder());
        assertEquals(List.of(), server.requests(), "nothing from the network");
    }

    @Test
    void fromAFolderAWrongFileIsRefusedToo(@TempDir Path stick) throws Exception {
        byte[] body = ModelServer.bytes(120_000, 14);
        Files.write(stick.resolve("model.bin"), ModelServer.bytes(120_000, 15));

        assertEquals(1, fixture.fetchFrom(oneModel(body, ModelServer.sha256(body)), stick.toString()));
        assertTrue(fixture.output().contains("model.bin: refused: the SHA-256 of what " + stick.resolve("model.bin")));
        assertEquals(List.of(), folder());
    }

    @Test
    void fromAFolderWithoutTheFileSaysWhereItLooked(@TempDir Path stick) throws Exception {
        assertEquals(1, fixture.fetchFrom(oneModel(new byte[3], null), stick.toString()));
        assertTrue(fixture.output().contains("model.bin: not in " + stick + " (looked for " + stick.resolve("model.bin")
                + ")"));
    }

    @Test
    void fromABaseAddressUnderTheManifestsNames() throws Exception {
        byte[] body = ModelServer.bytes(80_000, 16);
        server.serve("/mirror/model.bin", body);

        assertEquals(0, fixture.fetchFrom(oneModel(body, ModelServer.sha256(body)), server.url("/mirror")));

        assertEquals("/mirror/model.bin", server.requests().get(0).path());
        assertArrayEquals(body, Files.readAllBytes(models.resolve("model.bin")));
    }

    @Test
    void aModelWithoutAnAddressSaysHowToGetIt() throws Exception {
        Manifest manifest = new TestManifest().model("model.bin", MODEL_SETTING, null, null, null).manifest();

        assertEquals(1, fixture.fetch(manifest));

        assertTrue(fixture.output().contains("model.bin: no download address is known: copy it from the test's folder"));
    }

    @Test
    void notEnoughRoomIsSaidBeforeDownloading() throws Exception {
        long usable = Files.getFileStore(dir).getUsableSpace();
        Manifest manifest = new TestManifest().model("model.bin", MODEL_SETTING, server.url("/files/model.bin"),
                usable + 1_000_000_000L, "0".repeat(64)).manifest();

        assertEquals(1, fixture.fetch(manifest));
        String out = fixture.output();

        assertTrue(out.contains("model.bin: not enough room in " + models + ": "), out);
        assertTrue(out.contains("set benchmate.transcribing.model to another folder"), out);
        assertEquals(List.of(), server.requests());
    }

    /**
     * A full disk, simulated by a 1 MB tmpfs as the models folder: needs root and a mount that
     * works (CI runs as root); elsewhere it is skipped, saying why.
     */
    @Test
    void aFullDiskIsOneClearLineAndNothingUnderTheRealName() throws Exception {
        Path small = dir.resolve("small");
        Files.createDirectories(small);
        assumeTrue(mount(small, "size=1m"), "skipped: cannot mount a small tmpfs here (needs root and mount): "
                + "the full disk cannot be simulated");
        try {
            ModelsFixture onSmall = new ModelsFixture(small);
            byte[] body = ModelServer.bytes(3_000_000, 17);
            server.serve("/files/model.bin", body);
            // No size in the manifest: the room cannot be checked before, the write meets the full disk.
            Manifest manifest = new TestManifest().model("model.bin", MODEL_SETTING, server.url("/files/model.bin"),
                    null, ModelServer.sha256(body)).manifest();

            assertEquals(1, onSmall.fetch(manifest));
            String out = onSmall.output();

            assertTrue(out.contains("model.bin: the disk is full in " + small), out);
            assertTrue(out.contains("free some room, or set benchmate.transcribing.model to another folder"), out);
            assertFalse(Files.exists(small.resolve("model.bin")), "nothing under the real name");
        } finally {
            umount(small);
        }
    }

    @Test
    void aReadOnlyFolderSaysWhichSettingToChange() throws Exception {
        Path readOnly = dir.resolve("ro");
        Files.createDirectories(readOnly);
        assumeTrue(mount(readOnly, "size=1m,ro"), "skipped: cannot mount a read-only tmpfs here (needs root and mount)");
        try {
            ModelsFixture onReadOnly = new ModelsFixture(readOnly);
            byte[] body = ModelServer.bytes(1000, 18);
            server.serve("/files/model.bin", body);

            assertEquals(1, onReadOnly.fetch(oneModel(body, ModelServer.sha256(body))));
            String out = onReadOnly.output();

            assertTrue(out.contains("model.bin: " + readOnly + " is on a read-only file system: set "
                    + "benchmate.transcribing.model to a folder that can be written"), out);
        } finally {
            umount(readOnly);
        }
    }

    @Test
    void aFolderThatCannotBeWrittenNamesTheServiceUser() throws Exception {
        assumeTrue(!"root".equals(System.getProperty("user.name")),
                "skipped: running as root, which may write any folder (the message is checked by "
                        + "ModelsFetchMessagesTest)");
        Files.createDirectories(models);
        assertTrue(models.toFile().setWritable(false, false));
        try {
            byte[] body = ModelServer.bytes(1000, 19);
            server.serve("/files/model.bin", body);

            assertEquals(1, fixture.fetch(oneModel(body, ModelServer.sha256(body))));

            assertTrue(fixture.output().contains("(permission denied): fetch as the service's user "
                    + "(sudo -u benchmate benchmate models fetch) or set benchmate.transcribing.model"));
        } finally {
            models.toFile().setWritable(true, true);
        }
    }

    static boolean mount(Path at, String options) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString())
                .redirectErrorStream(true).start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    static void umount(Path at) throws Exception {
        new ProcessBuilder("umount", at.toString()).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
    }
}
