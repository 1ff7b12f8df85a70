package dev.benchmate.transcribing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.AudioClip;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Whisper's window sized to the question: never less than the audio needs, a margin of at least
 * 1.28 s and a tenth of the audio (never more), at most 30 s. A window cut too close to the audio's
 * end loses the last word, so a wrong margin must fail here.
 */
class AudioWindowTest {
    /** Encoder positions (20 ms each) the audio itself fills. */
    private static int needed(double seconds) {
        return (int) Math.ceil(seconds * 50);
    }

    @Test
    void aThreeSecondQuestionGetsItsAudioAndAMarginOfOverASecond() {
        int positions = AudioWindow.positionsFor(3.0);
        assertEquals(150 + 64, positions, "3 s is 150 positions of 20 ms, and 1.28 s more");
    }

    @Test
    void theMarginIsTheLargerOfOnePointTwoEightSecondsAndATenthUpToTheWholeWindow() {
        for (double s = 0.05; s <= 40; s += 0.37) {
            int positions = AudioWindow.positionsFor(s);
            int needed = needed(s);
            assertTrue(positions >= Math.min(AudioWindow.FULL, needed), s + " s: below what the audio needs: " + positions);
            assertTrue(positions <= AudioWindow.FULL, s + " s: past 30 s: " + positions);
            int margin = Math.max(64, (int) Math.ceil(needed / 10.0));
            assertEquals(Math.min(AudioWindow.FULL, needed + margin), positions,
                    s + " s: the audio (" + needed + ") and a margin of " + margin + " positions");
        }
        assertEquals(AudioWindow.FULL, AudioWindow.positionsFor(29.5), "near 30 s the window is whole");
    }

    @Test
    void aLongUtteranceGetsATenthMore() {
        assertEquals(1000 + 100, AudioWindow.positionsFor(20.0));
    }

    @Test
    void theTranscriberSizesTheWindowFromTheUtteranceItIsGiven() {
        TranscriberSettings sized = new TranscriberSettings("en", 1, Optional.empty());
        for (double seconds : new double[] {0.4, 2.1, 3.0, 7.3, 12.0}) {
            AudioClip utterance = new AudioClip(new float[(int) Math.round(seconds * 16_000)], 16_000);
            int ctx = WhisperTranscriber.audioContext(sized, utterance);
            assertTrue(ctx >= needed(seconds) + 64, seconds + " s: " + ctx + " keeps the audio and its margin");
            assertTrue(ctx < AudioWindow.FULL, seconds + " s: " + ctx + " is less than the whole window");
            assertEquals(AudioWindow.positionsFor(seconds), ctx);
        }
        AudioClip threeSeconds = new AudioClip(new float[48_000], 16_000);
        assertEquals(0, WhisperTranscriber.audioContext(sized.withSizedWindow(false), threeSeconds),
                "full window: whisper.cpp's own 30 s (audio_ctx 0)");
    }
}
