package dev.benchmate.transcribing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Whisper's window sized to the question: never less than the audio needs, a margin, at most 30 s. */
class AudioWindowTest {
    @Test
    void aThreeSecondQuestionGetsItsAudioAndAMarginOfOverASecond() {
        int positions = AudioWindow.positionsFor(3.0);
        assertEquals(150 + 64, positions, "3 s is 150 positions of 20 ms, and 1.28 s more");
    }

    @Test
    void theWindowNeverFallsBelowWhatTheAudioNeedsAndNeverPassesThirtySeconds() {
        for (double s = 0.05; s <= 40; s += 0.37) {
            int positions = AudioWindow.positionsFor(s);
            int needed = (int) Math.ceil(s * AudioWindow.PER_SECOND);
            assertTrue(positions >= Math.min(AudioWindow.FULL, needed), s + " s: " + positions);
            assertTrue(positions <= AudioWindow.FULL, s + " s: " + positions);
            if (needed + 64 <= AudioWindow.FULL) {
                assertTrue(positions - needed >= 64, s + " s keeps at least 1.28 s of margin: " + positions);
            }
        }
        assertEquals(AudioWindow.FULL, AudioWindow.positionsFor(29.5), "near 30 s the window is whole");
    }

    @Test
    void aLongUtteranceGetsATenthMore() {
        assertEquals(1000 + 100, AudioWindow.positionsFor(20.0));
    }
}
