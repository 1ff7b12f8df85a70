package dev.benchmate.speaking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.AudioClip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EarconsTest {
    @Test
    void theWavsInAudioAreTheGeneratorsOutput() throws IOException {
        Path dir = Path.of(System.getProperty("benchmate.source.dir", ".")).resolve("audio");
        for (Earcons.Kind k : Earcons.Kind.values()) {
            Path file = Earcons.fileName(dir, k);
            assertArrayEquals(dev.benchmate.media.WavFiles.toBytes(Earcons.of(k)), Files.readAllBytes(file),
                    file + " differs from Earcons; regenerate with: java -cp target/classes "
                            + "dev.benchmate.speaking.Earcons audio");
        }
    }

    @Test
    void earconsAreShortAudibleAndDoNotClip() {
        for (Earcons.Kind k : Earcons.Kind.values()) {
            AudioClip c = Earcons.of(k);
            assertTrue(c.seconds() > 0.1 && c.seconds() < 0.4, k + ": " + c.seconds() + " s");
            float peak = 0;
            for (float v : c.samples()) {
                peak = Math.max(peak, Math.abs(v));
            }
            assertTrue(peak > 0.1 && peak < 0.5, k + " peak " + peak);
            assertTrue(Math.abs(c.samples()[0]) < 0.01 && Math.abs(c.samples()[c.samples().length - 1]) < 0.01,
                    k + " fades in and out, so it does not click");
        }
    }
}
