package dev.benchmate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.benchmate.media.WavFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped example session is what ExampleSession makes: the script says what the audio holds. */
class ExampleSessionTest {
    @Test
    void theShippedSessionMatchesItsGenerator() throws Exception {
        Path dir = Path.of(System.getProperty("benchmate.source.dir", ".")).resolve("examples");
        ExampleSession.Session made = ExampleSession.make(ExampleSession.QUESTIONS, ExampleSession.ANSWER_ROOM);
        assertEquals(made.script(), Files.readString(dir.resolve("session.txt")),
                "regenerate with: java -cp ... dev.benchmate.testing.ExampleSession examples");
        assertEquals(made.audio().seconds(), WavFiles.read(dir.resolve("session.wav")).seconds(), 0.01);
    }
}
