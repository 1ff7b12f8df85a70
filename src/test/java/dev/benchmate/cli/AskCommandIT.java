package dev.benchmate.cli;

import dev.benchmate.testing.JarProcess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.WavFiles;
import dev.benchmate.testing.Pictures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One full turn through the packaged jar, as the README shows it. */
class AskCommandIT {
    @TempDir
    static Path dir;
    static Path green;

    @BeforeAll
    static void paint() {
        green = Pictures.png(dir.resolve("green.png"), 40, 180, 40);
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

    @Test
    void theReadmeExampleIsQuiet() throws Exception {
        Path demo = dev.benchmate.testing.SimulatedNpu.sharedData("demo.jpg");
        Path wav = dir.resolve("a.wav");
        try (JarProcess ask = JarProcess.start(List.of(), "ask", "--sim", "--image", demo.toString(), "--text",
                "What is this?", "--out", wav.toString())) {
            assertEquals(0, ask.awaitExit(120), ask.output());
            List<String> lines = ask.output().lines().toList();
            assertTrue(lines.size() <= 12, lines.size() + " lines:\n" + ask.output());
            assertTrue(ask.output().contains("answer: Simulated answer to turn 1. The picture is"), ask.output());
        }
    }

    @Test
    void withoutASpeakerTheAnswerIsPrintedFirstThenWhyItWasNotHeard() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.util.Arrays.stream(javax.sound.sampled.AudioSystem
                        .getMixerInfo()).noneMatch(m -> javax.sound.sampled.AudioSystem.getMixer(m)
                        .getSourceLineInfo().length > 0),
                "skipped: this machine has a speaker");
        try (JarProcess ask = JarProcess.start(List.of(), "ask", "--sim", "--image", green.toString(), "--text",
                "What colour is this?")) {
            assertEquals(1, ask.awaitExit(120), ask.output());
            String out = ask.output();
            int answer = out.indexOf("answer: Simulated answer to turn 1. The picture is green.");
            int problem = out.indexOf("ask: the answer was not spoken: the answer could not be played: no speaker");
            assertTrue(answer >= 0 && problem > answer, out);
            assertTrue(out.contains("(use --out ANSWER.wav to write it to a file instead)"), out);
        }
    }
}
