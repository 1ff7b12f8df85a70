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

    private static byte[] encoded(String ext, int width, int height, int r, int g, int b) {
        OpenCv.load();
        org.opencv.core.Mat m = new org.opencv.core.Mat(height, width, org.opencv.core.CvType.CV_8UC3,
                new org.opencv.core.Scalar(b, g, r));
        org.opencv.core.MatOfByte out = new org.opencv.core.MatOfByte();
        try {
            assertTrue(org.opencv.imgcodecs.Imgcodecs.imencode(ext, m, out), "OpenCV encodes " + ext);
            return out.toArray();
        } finally {
            m.release();
            out.release();
        }
    }

    @Test
    void aHugePngIsDecodedReducedAndKeepsItsColour() {
        byte[] png = encoded(".png", 8000, 8000, 30, 170, 30);
        Picture p = PictureFiles.decode(png, "huge.png", 100_000_000L);
        assertTrue(Math.max(p.width(), p.height()) <= PictureFiles.LONG_SIDE, p.toString());
        assertEquals(p.width(), p.height(), "the aspect is kept");
        assertEquals(170, p.bgr()[1] & 0xFF, "green stays green");
    }

    @Test
    void aHugeJpegIsDecodedReducedInTheDecoder() {
        byte[] jpg = encoded(".jpg", 6000, 3000, 200, 30, 30);
        Picture p = PictureFiles.decode(jpg, "huge.jpg", 100_000_000L);
        assertTrue(Math.max(p.width(), p.height()) <= PictureFiles.LONG_SIDE, p.toString());
        assertEquals(2.0, (double) p.width() / p.height(), 0.01);
    }

    @Test
    void aPictureOverThePixelLimitIsRefusedBeforeDecoding() {
        byte[] png = encoded(".png", 4000, 3000, 0, 0, 0);
        PictureUnreadableException e = assertThrows(PictureUnreadableException.class,
                () -> PictureFiles.decode(png, "big.png", 10_000_000L));
        assertTrue(e.getMessage().contains("4000×3000") && e.getMessage().contains("10 megapixels"), e.getMessage());
    }

    @Test
    void truncatedTextAndEmptyUploadsAreRefusedWithAReason() {
        byte[] png = encoded(".png", 640, 480, 10, 20, 30);
        byte[] cut = java.util.Arrays.copyOf(png, png.length / 3);
        for (byte[] bad : new byte[][] {cut, "hello, not a picture".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new byte[0]}) {
            PictureUnreadableException e = assertThrows(PictureUnreadableException.class,
                    () -> PictureFiles.decode(bad, "upload", 100_000_000L));
            assertTrue(e.getMessage().contains("upload"), e.getMessage());
        }
    }

    @Test
    void webpAndBmpAreRead() {
        Picture webp = PictureFiles.decode(encoded(".webp", 300, 200, 30, 30, 200), "a.webp", 100_000_000L);
        assertEquals(300, webp.width());
        assertEquals(200, webp.height());
        Picture bmp = PictureFiles.decode(encoded(".bmp", 320, 240, 30, 30, 200), "a.bmp", 100_000_000L);
        assertEquals(320, bmp.width());
        assertEquals(200, bmp.bgr()[0] & 0xFF, "blue is the first byte of BGR");
    }

    @Test
    void aPictureRoundTripsThroughJpeg() {
        byte[] jpg = PictureFiles.jpeg(dev.benchmate.testing.Pictures.solid(64, 48, 30, 170, 30), 90);
        Picture back = PictureFiles.decode(jpg, "frame.jpg", 100_000_000L);
        assertEquals(64, back.width());
        assertTrue(Math.abs((back.bgr()[1] & 0xFF) - 170) < 6);
    }

    @Test
    void aProgressiveJpegThatWouldBeDecodedWholeIsRefusedAboveItsLimitAndABaselineOneIsNot() {
        OpenCv.load();
        org.opencv.core.Mat m = new org.opencv.core.Mat(4000, 5000, org.opencv.core.CvType.CV_8UC3,
                new org.opencv.core.Scalar(30, 170, 30));
        org.opencv.core.MatOfByte progressive = new org.opencv.core.MatOfByte();
        org.opencv.core.MatOfByte baseline = new org.opencv.core.MatOfByte();
        try {
            assertTrue(org.opencv.imgcodecs.Imgcodecs.imencode(".jpg", m, progressive,
                    new org.opencv.core.MatOfInt(org.opencv.imgcodecs.Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1)));
            assertTrue(org.opencv.imgcodecs.Imgcodecs.imencode(".jpg", m, baseline));
            assertTrue(PictureFiles.isProgressiveJpeg(progressive.toArray()));
            PictureUnreadableException e = assertThrows(PictureUnreadableException.class,
                    () -> PictureFiles.decode(progressive.toArray(), "p.jpg", 100_000_000L));
            assertTrue(e.getMessage().contains("progressive JPEG") && e.getMessage().contains("16 megapixels"),
                    e.getMessage());
            Picture p = PictureFiles.decode(baseline.toArray(), "b.jpg", 100_000_000L);
            assertTrue(p.width() <= PictureFiles.LONG_SIDE, p.toString());
        } finally {
            m.release();
            progressive.release();
            baseline.release();
        }
    }
}
