package dev.benchmate.looking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.Picture;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Telling a view that held still (sensor noise) from one that changed (a part put down, a digit). */
class ViewSignatureTest {
    static final double SAME = 8;

    /** A 1280x720 workbench-like frame: a gradient, a board, with sensor noise of the given spread. */
    static Picture bench(long seed, double noise, boolean digitLit) {
        int w = 1280;
        int h = 720;
        byte[] bgr = new byte[w * h * 3];
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = 60 + x * 100 / w;
                if (x > 400 && x < 800 && y > 250 && y < 500) {
                    v = 30; // a dark board
                }
                // a 7-segment digit's middle segment on a small display (6 x 30 pixels)
                if (digitLit && x >= 600 && x < 630 && y >= 360 && y < 366) {
                    v = 230;
                }
                for (int c = 0; c < 3; c++) {
                    double px = v + r.nextGaussian() * noise;
                    bgr[(y * w + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(px)));
                }
            }
        }
        return new Picture(w, h, bgr, "test");
    }

    @Test
    void twoFramesOfAStillViewAreTheSameView() {
        ViewSignature a = ViewSignature.of(bench(1, 6, false));
        ViewSignature b = ViewSignature.of(bench(2, 6, false));
        assertTrue(a.sameView(b, SAME), "sensor noise alone: " + a.difference(b));
    }

    @Test
    void aSegmentThatLightsUpOnADisplayIsAnotherView() {
        ViewSignature off = ViewSignature.of(bench(1, 6, false));
        ViewSignature on = ViewSignature.of(bench(2, 6, true));
        assertFalse(off.sameView(on, SAME), "one lit segment of 30x6 pixels: " + off.difference(on));
    }

    @Test
    void aPartPutDownIsAnotherViewAndOtherShapesNeverMatch() {
        Picture empty = bench(1, 2, false);
        byte[] part = empty.bgr().clone();
        for (int y = 100; y < 160; y++) {
            for (int x = 100; x < 180; x++) {
                for (int c = 0; c < 3; c++) {
                    part[(y * 1280 + x) * 3 + c] = (byte) 200;
                }
            }
        }
        ViewSignature before = ViewSignature.of(empty);
        assertFalse(before.sameView(ViewSignature.of(new Picture(1280, 720, part, "test")), SAME));
        ViewSignature small = ViewSignature.of(new Picture(640, 480, new byte[640 * 480 * 3], "test"));
        assertEquals(Double.POSITIVE_INFINITY, before.difference(small));
    }

    @Test
    void aPictureSmallerThanTheThumbnailStillHasOne() {
        Picture tiny = new Picture(3, 2, new byte[3 * 2 * 3], "tiny");
        ViewSignature s = ViewSignature.of(tiny);
        assertTrue(s.sameView(ViewSignature.of(tiny), 0));
    }

    @Test
    void aPartOfAnotherColourButTheSameBrightnessIsAnotherView() {
        Picture green = new Picture(320, 240, fill(320 * 240, 30, 180, 30), "green");
        Picture sameGreyBlue = new Picture(320, 240, fill(320 * 240, 90, 180, 30), "bluer");
        assertFalse(ViewSignature.of(green).sameView(ViewSignature.of(sameGreyBlue), SAME));
    }

    static byte[] fill(int pixels, int b, int g, int r) {
        byte[] bgr = new byte[pixels * 3];
        for (int i = 0; i < pixels; i++) {
            bgr[i * 3] = (byte) b;
            bgr[i * 3 + 1] = (byte) g;
            bgr[i * 3 + 2] = (byte) r;
        }
        return bgr;
    }
}
