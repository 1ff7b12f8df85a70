package dev.benchmate.listening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.AudioClip;
import dev.benchmate.testing.Voice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The recorder offers the audio so far at a pause inside an utterance (MaryTTS sentences with a
 * gap between them), and not for a short gap, nor after a first word shorter than a second.
 */
class PausesInsideSpeechTest {
    static float[] first;
    static float[] second;
    static float[] word;

    @BeforeAll
    static void speak() {
        first = spoken("What is written on this chip?");
        second = spoken("Is the left wire brown or red?");
        word = spoken("Look.");
    }

    /** The voice's words without the quiet it leaves before and after them, so gaps are as written. */
    static float[] spoken(String s) {
        return Voice.spokenTrimmed(s).samples();
    }

    /** What one run heard: the utterances, and each pause's clip with when it was offered (seconds). */
    record Heard(List<Utterance> utterances, List<AudioClip> pauses, List<Double> pausedAt) {
    }

    static Heard listen(float[]... parts) {
        int total = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        float[] x = new float[total];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, x, at, p.length);
            at += p.length;
        }
        UtteranceRecorder recorder = new UtteranceRecorder(new TarsosSpeechDetector(), 300, 300);
        Heard h = new Heard(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int[] fed = {0};
        recorder.onPause(clip -> {
            h.pauses().add(clip);
            h.pausedAt().add(fed[0] / 16000.0);
        });
        for (int i = 0; i < x.length; i += 320) {
            float[] block = Arrays.copyOfRange(x, i, Math.min(x.length, i + 320));
            fed[0] += block.length;
            h.utterances().addAll(recorder.accept(block));
        }
        h.utterances().addAll(recorder.finish());
        return h;
    }

    static float[] silence(double seconds) {
        return new float[(int) (seconds * AudioClip.SPEECH_RATE)];
    }

    static double seconds(float[]... parts) {
        return Arrays.stream(parts).mapToInt(p -> p.length).sum() / 16000.0;
    }

    @Test
    void aPauseInsideAQuestionOffersTheAudioSoFarWhichTheUtteranceBeginsWith() {
        Heard h = listen(silence(1), first, silence(0.45), second, silence(1.5));

        assertEquals(1, h.utterances().size(), "one utterance: the gap is shorter than its end");
        Utterance u = h.utterances().get(0);
        double gapStart = seconds(silence(1), first);
        double gapEnd = gapStart + 0.45;
        List<Double> inside = h.pausedAt().stream().filter(t -> t > gapStart && t <= gapEnd + 0.05).toList();
        assertEquals(1, inside.size(), "one pause in the gap; offered at " + h.pausedAt());
        for (AudioClip soFar : h.pauses()) {
            float[] s = soFar.samples();
            int n = Math.min(s.length, u.audio().samples().length);
            assertArrayEquals(Arrays.copyOf(s, n), Arrays.copyOf(u.audio().samples(), n),
                    "the utterance begins with the audio offered at the pause");
        }
        AudioClip atGap = h.pauses().get(h.pausedAt().indexOf(inside.get(0)));
        assertTrue(atGap.samples().length < u.audio().samples().length - second.length / 2,
                "the audio so far ends before the second sentence");
        // the only other offer is at the start of the silence that ends the utterance
        assertTrue(h.pauses().size() <= 2, "offered at " + h.pausedAt());
    }

    @Test
    void aShortGapBetweenWordsIsNoPause() {
        // "…brown or red?" ends voiced: the detector's silence starts where the audio's does
        Heard h = listen(silence(1), second, silence(0.12), first, silence(1.5));

        assertEquals(1, h.utterances().size());
        double gapStart = seconds(silence(1), second);
        assertTrue(h.pausedAt().stream().noneMatch(t -> t > gapStart && t < gapStart + 0.12 + 0.6),
                "no pause offered at the short gap; offered at " + h.pausedAt());
    }

    @Test
    void aPauseAfterLessThanASecondOfSpeechIsNoPause() {
        assertTrue(word.length < AudioClip.SPEECH_RATE * 0.8, "'Look.' is short: " + word.length);
        Heard h = listen(silence(1), word, silence(0.5), second, silence(1.5));

        double gapStart = seconds(silence(1), word);
        assertTrue(h.pausedAt().stream().noneMatch(t -> t < gapStart + 0.6),
                "nothing offered at the start of the utterance; offered at " + h.pausedAt());
    }

    @Test
    void silenceAndAnUtteranceWithoutPausesOfferNothingBeforeItsEnd() {
        Heard h = listen(silence(2), second, silence(1.5));

        double end = seconds(silence(2), second);
        assertTrue(h.pausedAt().stream().allMatch(t -> t > end + 0.25), "offered at " + h.pausedAt());
    }
}
