package dev.benchmate.looking;

import dev.benchmate.media.Picture;
import dev.benchmate.media.PictureUnreadableException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.testing.SimulatedNpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PictureFilesTest {
    @Test
    void readsTheDemoPhoto() {
        Picture p = PictureFiles.read(SimulatedNpu.sharedData("demo.jpg"));
        assertEquals(1024, p.width());
        assertEquals(640, p.height());
    }

    @Test
    void aMissingFileIsNamed() {
        PictureUnreadableException e = assertThrows(PictureUnreadableException.class,
                () -> PictureFiles.read(Path.of("/nonexistent/photo.jpg")));
        assertTrue(e.getMessage().contains("/nonexistent/photo.jpg"), e.getMessage());
    }

    @Test
    void aCorruptFileIsRefused(@TempDir Path dir) throws IOException {
        Path corrupt = dir.resolve("broken.jpg");
        Files.write(corrupt, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00, 0x13, 0x37});
        PictureUnreadableException e = assertThrows(PictureUnreadableException.class, () -> PictureFiles.read(corrupt));
        assertTrue(e.getMessage().contains("broken.jpg"), e.getMessage());
    }
}
