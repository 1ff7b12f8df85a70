package dev.benchmate.cli;

import dev.benchmate.testing.JarProcess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.WavFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MaryTTS inside the packaged Quarkus application (its logging and class loading included). */
class SayCommandIT {
    @Test
    void writesACleanWavOfTheSentence(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("a.wav");
        try (JarProcess say = JarProcess.start(List.of(), "say", "--out", wav.toString(), "Hello from the workshop.")) {
            assertEquals(0, say.awaitExit(120), say.output());
            assertTrue(say.output().contains("real-time factor"), say.output());
        }
        AudioClip clip = WavFiles.read(wav);
        assertTrue(clip.seconds() > 1.5 && clip.seconds() < 3.0, "1.5-3 s: " + clip.seconds());
    }

    @Test
    void chineseIsSpokenThroughEspeakAsInAnAnswer(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.benchmate.speaking.EspeakSynthesizer.find("cmn").isPresent(),
                "skipped: espeak-ng is not installed (apt-get install espeak-ng)");
        Path wav = dir.resolve("z.wav");
        try (JarProcess say = JarProcess.start(List.of(), "say", "--out", wav.toString(), "你好。这是一个测试。")) {
            assertEquals(0, say.awaitExit(120), say.output());
            assertTrue(say.output().contains("(2 sentences)"), say.output());
            assertTrue(say.output().matches("(?s).*real-time factor \\d+\\.\\d+.*"), say.output());
        }
        assertTrue(WavFiles.read(wav).seconds() > 0.5, WavFiles.read(wav).seconds() + " s");
    }

    @Test
    void textWithNothingToSayIsAnErrorNotASilentFile(@TempDir Path dir) throws Exception {
        try (JarProcess say = JarProcess.start(List.of(), "say", "--out", dir.resolve("n.wav").toString(), "...")) {
            assertEquals(1, say.awaitExit(120), say.output());
            assertTrue(say.output().contains("say: nothing could be spoken"), say.output());
            assertTrue(!say.output().contains("Infinity"), say.output());
        }
    }
}
