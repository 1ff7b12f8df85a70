package dev.benchmate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.testing.JarProcess;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench-turn from the packaged jar: it runs on the simulator and prints its stages and ratio lines.
 * No figure is asserted (speed lives in the benchmark's output and the README, not in tests).
 */
class TurnBenchCommandIT {
    @Test
    void aRuntimeThatKeepsNoPrefillOnlyRunIsBenchedOnTodaysPathAndSaysSo(@TempDir Path dir) throws Exception {
        Path green = dir.resolve("green.png");
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, 0x1EB41E);
            }
        }
        ImageIO.write(img, "png", green.toFile());
        try (JarProcess bench = JarProcess.start(List.of(), "bench-turn", "--image", green.toString(), "--answers", "2",
                "--question-seconds", "2", "--runtime-keeps-prefill", "false")) {
            assertEquals(0, bench.awaitExit(300), bench.output());
            String out = bench.output();
            assertTrue(out.contains("SIMULATED NPU at RK3576 reference figures"), out);
            assertTrue(out.contains("picture prefill while the question is spoken: off") && out.contains("today's path"),
                    out);
            assertTrue(out.matches("(?s).*\\npicture question: +serial +\\d+ ms, Benchmate +\\d+ ms, \\d+\\.\\d\\dx sooner.*"),
                    out);
            assertTrue(out.matches("(?s).*\\ntext follow-up: +serial +\\d+ ms, Benchmate +\\d+ ms, \\d+\\.\\d\\dx sooner.*"),
                    out);
            assertTrue(out.contains("it was encoded ahead, while idle"), "the still view was encoded ahead: " + out);
            assertTrue(out.contains("(stopped)") || out.contains("; stopped)"), out);
        }
    }
}
