package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.WavFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.testing.SimulatedNpu;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real recorded speech over a noisy background: jfk.wav (speech about 0.3–10.2 s, crowd after). */
class SpeechDetectorOnRecordingTest {
    @Test
    void detectedUtterancesCoverTheSpeechAndStartAndEndWithinAThirdOfASecond() {
        AudioClip jfk = WavFiles.read(SimulatedNpu.sharedData("jfk.wav"));
        List<Utterances.Span> spans = Utterances.detect(new TarsosSpeechDetector(), jfk);
        System.out.println("jfk.wav utterances: " + spans);

        assertFalse(spans.isEmpty());
        Utterances.Span first = spans.get(0);
        Utterances.Span last = spans.get(spans.size() - 1);
        assertTrue(first.start() >= 0.25, "nothing in the first 0.25 s: " + spans);
        assertEquals(0.32, first.start(), 0.3, "speech starts near 0.32 s: " + spans);
        assertTrue(last.end() >= 10.2 - 0.3 && last.end() <= 10.6 + 0.3, "speech ends near 10.2-10.6 s: " + spans);
        // Covered: every moment of speech outside the known pauses is inside an utterance.
        double[][] pauses = {{2.1, 3.3}, {4.3, 5.4}, {7.6, 8.2}};
        for (double t = 0.6; t < 10.0; t += 0.1) {
            double at = t;
            boolean inPause = java.util.Arrays.stream(pauses).anyMatch(p -> at > p[0] - 0.2 && at < p[1] + 0.2);
            if (!inPause) {
                assertTrue(spans.stream().anyMatch(s -> s.start() <= at && at <= s.end()),
                        String.format("speech at %.1f s is covered: %s", at, spans));
            }
        }
    }
}
