package dev.benchmate.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a person reads when the models folder cannot be written, whatever the machine running the test allows. */
class ModelsFetchMessagesTest {
    final Path folder = Path.of("/var/lib/benchmate/models");
    final PlacedModel model = new PlacedModel(new TestManifest().model("ggml-tiny-q8_0.bin",
            "benchmate.transcribing.model", "https://example.invalid/x", 10L, null).manifest().models().get(0),
            folder.resolve("ggml-tiny-q8_0.bin"), true, Optional.empty());

    @Test
    void permissionDeniedNamesTheServiceUserAndTheSetting() {
        IOException e = new AccessDeniedException("/var/lib/benchmate/models/ggml-tiny-q8_0.bin.part");
        assertEquals("ggml-tiny-q8_0.bin: cannot write in /var/lib/benchmate/models (permission denied): fetch as the "
                        + "service's user (sudo -u benchmate benchmate models fetch) or set benchmate.transcribing.model to "
                        + "a folder you can write",
                ModelFetcher.writeFailure(model, folder.resolve("ggml-tiny-q8_0.bin.part"), e).getMessage());
    }

    @Test
    void aReadOnlyFileSystemNamesTheSettingAndTheDebsFolder() {
        IOException e = new FileSystemException("/opt/benchmate/models", null, "Read-only file system");
        assertEquals("ggml-tiny-q8_0.bin: /var/lib/benchmate/models is on a read-only file system: set "
                        + "benchmate.transcribing.model to a folder that can be written (the .deb's configuration uses "
                        + "/var/lib/benchmate/models)",
                ModelFetcher.writeFailure(model, folder, e).getMessage());
    }

    @Test
    void anyOtherFailureSaysWhatAndWhy() {
        IOException e = new IOException("Input/output error");
        assertEquals("ggml-tiny-q8_0.bin: cannot write /x: Input/output error",
                ModelFetcher.writeFailure(model, Path.of("/x"), e).getMessage());
    }
}
