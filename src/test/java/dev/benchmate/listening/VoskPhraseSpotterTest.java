package dev.benchmate.listening;

import dev.benchmate.media.SpeechFeatureUnavailableException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Vosk adapter's failure paths (no Vosk model can be had here) and its result parsing. */
class VoskPhraseSpotterTest {
    static final List<String> GRAMMAR = Phrases.english("hey bench mate").grammar();

    @Test
    void aMissingModelNamesTheFolderAndWhereModelsComeFrom() {
        SpeechFeatureUnavailableException e = assertThrows(SpeechFeatureUnavailableException.class,
                () -> VoskPhraseSpotter.open(Path.of("/nonexistent/vosk-model"), Optional.empty(), GRAMMAR));
        assertTrue(e.getMessage().contains("/nonexistent/vosk-model"), e.getMessage());
        assertTrue(e.getMessage().contains("vosk-model-small-en-us-0.15"), e.getMessage());
    }

    @Test
    void aFolderThatIsNotAModelIsRefusedBeforeVoskSeesIt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("README"), "not a model");
        assertThrows(SpeechFeatureUnavailableException.class,
                () -> VoskPhraseSpotter.open(dir, Optional.empty(), GRAMMAR));
    }

    @Test
    void aLibraryFolderWithoutLibvoskIsNamed(@TempDir Path dir) {
        SpeechFeatureUnavailableException e = assertThrows(SpeechFeatureUnavailableException.class,
                () -> VoskPhraseSpotter.open(dir, Optional.of(dir), GRAMMAR));
        assertTrue(e.getMessage().contains("libvosk.so not found in " + dir), e.getMessage());
    }

    @Test
    void theRecognizersJsonGivesTheWords() {
        assertEquals("hey bench mate [unk]", VoskPhraseSpotter.textOf("{\n  \"text\" : \"hey bench mate [unk]\"\n}"));
        assertEquals("", VoskPhraseSpotter.textOf("{\"text\" : \"\"}"));
        assertEquals("新 对话", VoskPhraseSpotter.textOf("{\"text\":\"新 对话\"}"));
    }
}
