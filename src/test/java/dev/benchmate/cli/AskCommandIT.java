package dev.benchmate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.WavFiles;
import dev.benchmate.looking.OpenCv;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/** One full turn through the packaged jar, as the README shows it. */
class AskCommandIT {
    @TempDir
    static Path dir;
    static Path green;

    @BeforeAll
    static void paint() {
        OpenCv.load();
        green = dir.resolve("green.png");
        Mat m = new Mat(480, 640, CvType.CV_8UC3, new Scalar(40, 180, 40));
        Imgcodecs.imwrite(green.toString(), m);
        m.release();
    }

    @Test
    void aTypedQuestionIsAnsweredAndSpokenIntoAFile() throws Exception {
        Path wav = dir.resolve("answer.wav");
        try (JarProcess ask = JarProcess.start(List.of(), "ask", "--sim", "--image", green.toString(), "--text",
                "What colour is this?", "--out", wav.toString())) {
            assertEquals(0, ask.awaitExit(120), ask.output());
            assertTrue(ask.output().contains("answer: Simulated answer to turn 1. The picture is green.\n"), ask.output());
            assertTrue(ask.output().contains("timings: transcript"), ask.output());
        }
        AudioClip spoken = WavFiles.read(wav);
        assertTrue(spoken.seconds() > 2, "both sentences spoken: " + spoken.seconds() + " s");
    }

    @Test
    void aSpokenQuestionWithoutAWhisperModelIsOneLine() throws Exception {
        Path jfk = dev.benchmate.testing.SimulatedNpu.sharedData("jfk.wav");
        try (JarProcess ask = JarProcess.start(List.of(), "ask", "--sim", "--image", green.toString(), "--audio",
                jfk.toString())) {
            assertEquals(1, ask.awaitExit(120), ask.output());
            assertTrue(ask.output().contains("ask: --audio needs a usable Whisper model"), ask.output());
            assertTrue(!ask.output().contains("Exception"), ask.output());
        }
    }
}
