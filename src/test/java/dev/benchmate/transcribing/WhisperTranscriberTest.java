package dev.benchmate.transcribing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.AudioFormatException;
import dev.benchmate.media.WavFiles;
import dev.benchmate.testing.SimulatedNpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * whisper-jni on a model file the test writes: the real ggml layout with random weights and
 * miniature dimensions. Its text is meaningless; loading, audio handling, parameters, timing and
 * the error paths are real.
 */
class WhisperTranscriberTest {
    @TempDir
    static Path dir;
    static Path model;
    static WhisperTranscriber whisper;

    @BeforeAll
    static void writeModel() throws IOException {
        model = SyntheticWhisperModel.write(dir.resolve("ggml-miniature.bin"), WhisperHyperParameters.MINIATURE_F16, 1);
        whisper = WhisperTranscriber.open(model, new TranscriberSettings("en", 2, Optional.of("resistor, capacitor")));
    }

    @AfterAll
    static void close() {
        whisper.close();
    }

    @Test
    void theWrittenModelPassesTheCheckWithItsShape() {
        WhisperHyperParameters h = WhisperModelFile.check(model);
        assertEquals(WhisperHyperParameters.MINIATURE_F16, h);
    }

    @Test
    void transcribesRecordedSpeechAndTimesIt() {
        AudioClip speech = WavFiles.read(SimulatedNpu.sharedData("jfk.wav")).slice(0.3, 2.2);
        Transcript t = whisper.transcribe(speech);
        System.out.printf("miniature random-weight model: %d characters of meaningless text in %d ms%n",
                t.text().length(), t.took().toMillis());
        assertEquals(1.9, t.audioSeconds(), 0.01);
        assertTrue(t.took().toNanos() > 0);
        assertTrue(t.text().split("\\[_extra_token_").length <= 225, "at most half the text context per utterance");
    }

    @Test
    void languagesAreParametersAndAnUnknownOneIsRefused() {
        AudioClip speech = WavFiles.read(SimulatedNpu.sharedData("jfk.wav")).slice(0.3, 1.3);
        for (String language : new String[] {"zh", "auto"}) {
            try (WhisperTranscriber w = WhisperTranscriber.open(model, new TranscriberSettings(language, 1,
                    Optional.empty()))) {
                assertTrue(w.transcribe(speech).took().toNanos() > 0, language);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TranscriberSettings("xx", 1, Optional.empty()));
        assertTrue(e.getMessage().contains("'xx'"), e.getMessage());
    }

    @Test
    void theRestOfAnUtteranceIsTranscribedWithTheEarlierWordsAsPrompt() {
        AudioClip jfk = WavFiles.read(SimulatedNpu.sharedData("jfk.wav"));
        TranscriptionAtPauses atPauses = new TranscriptionAtPauses(whisper);
        AudioClip whole = jfk.slice(0, 4.5);
        atPauses.hearSoFar(new AudioClip(java.util.Arrays.copyOf(whole.samples(), (int) (2.5 * 16000)), 16000));
        Transcript t = atPauses.transcribe(whole);
        assertEquals(4.5, t.audioSeconds(), 0.01, "a transcript of the whole utterance");
        assertTrue(t.took().toNanos() > 0, "whisper.cpp ran on the rest, with a prompt");
    }

    @Test
    void silenceIsNothingHeardWithoutRunningTheModel() {
        Transcript t = whisper.transcribe(new AudioClip(new float[32000], 16000));
        assertTrue(t.nothingHeard());
        assertEquals("", t.text());
    }

    @Test
    void aWrongSampleRateIsRefused() {
        AudioFormatException e = assertThrows(AudioFormatException.class,
                () -> whisper.transcribe(new AudioClip(new float[44100], 44100)));
        assertTrue(e.getMessage().contains("16 kHz"), e.getMessage());
    }

    @Test
    void aTruncatedModelIsRefusedBeforeWhisperCppCanCrashTheProcess() throws IOException {
        byte[] whole = Files.readAllBytes(model);
        for (int cut : new int[] {10, 60, 30_000, whole.length / 2, whole.length - 1}) {
            Path truncated = Files.write(dir.resolve("cut-" + cut + ".bin"), java.util.Arrays.copyOf(whole, cut));
            WhisperModelException e = assertThrows(WhisperModelException.class,
                    () -> WhisperTranscriber.open(truncated, TranscriberSettings.DEFAULTS), "cut at " + cut);
            assertTrue(e.getMessage().contains(truncated.toString()), e.getMessage());
        }
    }

    @Test
    void aFileThatIsNotAModelOrIsMissingIsNamed() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.bin"), "this is not a model");
        assertTrue(assertThrows(WhisperModelException.class, () -> WhisperTranscriber.open(text,
                TranscriberSettings.DEFAULTS)).getMessage().contains("wrong magic"));
        assertTrue(assertThrows(WhisperModelException.class, () -> WhisperTranscriber.open(dir.resolve("none.bin"),
                TranscriberSettings.DEFAULTS)).getMessage().contains("not found"));
    }
}
