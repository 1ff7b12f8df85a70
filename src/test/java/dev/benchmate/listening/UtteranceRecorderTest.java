package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.WavFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.testing.SimulatedNpu;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UtteranceRecorderTest {
    @Test
    void anUtterancesAudioStartsAPreRollBeforeTheDetectedStart() {
        AudioClip jfk = WavFiles.read(SimulatedNpu.sharedData("jfk.wav"));
        UtteranceRecorder recorder = new UtteranceRecorder(new TarsosSpeechDetector(), 300);
        List<Utterance> utterances = new ArrayList<>();
        ClipInput input = new ClipInput(jfk, "jfk");
        for (float[] b = input.read(); b != null; b = input.read()) {
            utterances.addAll(recorder.accept(b));
        }
        utterances.addAll(recorder.finish());

        assertEquals(4, utterances.size(), utterances.toString());
        for (Utterance u : utterances) {
            double audioStart = u.start() - 0.3;
            // The audio is the recording from 300 ms before the start to 100 ms after the end.
            AudioClip expected = jfk.slice(audioStart, u.end() + 0.1);
            assertEquals(expected.samples().length, u.audio().samples().length, 16 * 2, "length of " + u);
            int offset = (int) Math.round(0.3 * 16000) + 800;
            assertEquals(expected.samples()[offset], u.audio().samples()[offset], 1e-6f,
                    "the audio is the recording itself, aligned");
            assertTrue(u.duration() > 0.5);
        }
    }
}
