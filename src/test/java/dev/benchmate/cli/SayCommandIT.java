package dev.benchmate.cli;

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
}
