package dev.benchmate.looking;

import dev.benchmate.media.ImageEmbedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.ModelFileMissingException;
import dev.benchmate.testing.Pictures;
import dev.benchmate.testing.SimulatedNpu;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vision path through the real JNA binding into the simulated RKNN runtime, whose embedding
 * of each token starts with the mean R, G, B of its patch, then the output index and the token index.
 */
class VisionEncoderOnSimulatorTest {
    static Optional<Path> rknn;

    @BeforeAll
    static void load() {
        rknn = Optional.of(SimulatedNpu.simulator().libraryDir());
    }

    @Test
    void readsTheModelsShape() {
        try (RknnVisionEncoder encoder = RknnVisionEncoder.open(rknn, SimulatedNpu.simulator().visionModel(), 0)) {
            assertEquals(392, encoder.inputWidth());
            assertEquals(392, encoder.inputHeight());
            assertEquals(196, encoder.imageTokens());
            assertEquals(2048, encoder.floatsPerToken());
            assertTrue(encoder.sdkVersion().contains("SIMULATED"), encoder.sdkVersion());
        }
    }

    @Test
    void theEncoderReceivesRgbNotBgr() {
        try (RknnVisionEncoder encoder = RknnVisionEncoder.open(rknn, SimulatedNpu.simulator().visionModel(), 0)) {
            ImageEmbedding e = encoder.encode(Pictures.solid(300, 300, 250, 10, 20));
            float[] v = e.values();
            int center = 7 * 14 + 7;
            assertEquals(250, v[center * 2048], 1.0, "R first");
            assertEquals(10, v[center * 2048 + 1], 1.0);
            assertEquals(20, v[center * 2048 + 2], 1.0, "B last");
        }
    }

    @Test
    void aWidePictureIsPaddedWithMidGrayAboveAndBelow() {
        try (RknnVisionEncoder encoder = RknnVisionEncoder.open(rknn, SimulatedNpu.simulator().visionModel(), 0)) {
            ImageEmbedding e = encoder.encode(Pictures.solid(800, 200, 0, 0, 255));
            float[] v = e.values();
            int topLeft = 0;
            int middle = 7 * 14;
            assertEquals(128, v[topLeft * 2048], 1.0, "the top rows are padding (127.5 → 128)");
            assertEquals(128, v[topLeft * 2048 + 2], 1.0);
            assertEquals(255, v[middle * 2048 + 2], 1.0, "the middle rows are the picture");
            assertEquals(0, v[middle * 2048], 1.0);
        }
    }

    @Test
    void severalOutputsAreInterleavedPerToken(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("two-outputs.rknn");
        String text = Files.readString(SimulatedNpu.simulator().visionModel(), StandardCharsets.UTF_8)
                .replace("outputs=1", "outputs=2").replace("embed_size=2048", "embed_size=1024");
        Files.writeString(model, text);
        try (RknnVisionEncoder encoder = RknnVisionEncoder.open(rknn, model, 0)) {
            assertEquals(2048, encoder.floatsPerToken());
            float[] v = encoder.encode(Pictures.solid(100, 100, 0, 255, 0)).values();
            for (int t : new int[] {0, 1, 100, 195}) {
                assertEquals(0, v[t * 2048 + 3], "token " + t + " starts with output 0");
                assertEquals(t, v[t * 2048 + 4], "token index of output 0");
                assertEquals(1, v[t * 2048 + 1024 + 3], "token " + t + " continues with output 1");
                assertEquals(t, v[t * 2048 + 1024 + 4], "token index of output 1");
            }
        }
        assertEquals(0, SimulatedNpu.rknnProbe().benchmate_sim_rknn_live_output_buffers());
    }

    @Test
    void aMissingModelNamesTheFile() {
        Path missing = Path.of("/nonexistent/vision.rknn");
        ModelFileMissingException e = assertThrows(ModelFileMissingException.class,
                () -> RknnVisionEncoder.open(rknn, missing, 0));
        assertTrue(e.getMessage().contains("/nonexistent/vision.rknn"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAModelIsRefusedByTheRuntime(@TempDir Path dir) throws IOException {
        Path bogus = Files.writeString(dir.resolve("bogus.rknn"), "not a model");
        VisionEncoderException e = assertThrows(VisionEncoderException.class,
                () -> RknnVisionEncoder.open(rknn, bogus, 0));
        assertTrue(e.getMessage().contains("bogus.rknn"), e.getMessage());
    }

    @Test
    void closeReleasesTheContext() {
        var probe = SimulatedNpu.rknnProbe();
        int before = probe.benchmate_sim_rknn_live_contexts();
        RknnVisionEncoder encoder = RknnVisionEncoder.open(rknn, SimulatedNpu.simulator().visionModel(), 0);
        assertEquals(before + 1, probe.benchmate_sim_rknn_live_contexts());
        encoder.close();
        encoder.close();
        assertEquals(before, probe.benchmate_sim_rknn_live_contexts());
        assertThrows(VisionEncoderException.class, () -> encoder.encode(Pictures.solid(10, 10, 0, 0, 0)));
    }
}
