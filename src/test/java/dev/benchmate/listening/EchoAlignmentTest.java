package dev.benchmate.listening;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EchoAlignmentTest {
    static final int FRAME = 320;

    /** Benchmate's voice through a room (direct path after {@code delay} samples, three reflections) and a noise floor, from {@code from} samples into the answer. */
    static float[][] heard(float[] voice, int delay, double gain, int samples, long seed) {
        float[] mic = new float[samples];
        Random noise = new Random(seed);
        int[] paths = {delay, delay + 37, delay + 91, delay + 173};
        double[] gains = {1, 0.6, -0.35, 0.2};
        for (int t = 0; t < samples; t++) {
            double v = 0;
            for (int p = 0; p < paths.length; p++) {
                int s = t - paths[p];
                v += s >= 0 && s < voice.length ? gains[p] * voice[s] : 0;
            }
            mic[t] = (float) (gain * v + noise.nextGaussian() * 1e-4);
        }
        float[] played = java.util.Arrays.copyOf(voice, samples);
        return new float[][] {mic, played};
    }

    static int measureAfter(float[][] scene, int samples, int from, int to) {
        EchoAlignment a = EchoAlignment.forSpeech(EchoCancellingInput.ALIGN_WINDOW_MS, EchoCancellingInput.MAX_DELAY_MS);
        float[] m = new float[FRAME];
        float[] p = new float[FRAME];
        for (int t = 0; t + FRAME <= samples; t += FRAME) {
            System.arraycopy(scene[0], t, m, 0, FRAME);
            System.arraycopy(scene[1], t, p, 0, FRAME);
            a.observe(m, p, FRAME);
        }
        int lag = a.measure(from, to);
        System.out.printf("lag %d, clarity %.1f%n", lag, a.lastClarity());
        return lag;
    }

    @Test
    void findsTheDirectPathToTheSampleFromAQuarterSecondOfAnAnswer() {
        float[] voice = EchoScenes.maryAnswer(EchoPathTest.SHORT_ANSWER).samples();
        // Where MaryTTS's first word begins, and a quarter second of its echo after it.
        int onset = 0;
        while (Math.abs(voice[onset]) < 0.01f) {
            onset++;
        }
        for (int delay : new int[] {320, 899, 7360}) {
            float[][] scene = heard(voice, delay, 0.3, onset + delay + 16 * EchoCancellingInput.ALIGN_WINDOW_MS, delay);
            int after = onset + delay + 16 * EchoCancellingInput.ALIGN_WINDOW_MS;
            int near = 16 * EchoCancellingInput.MAX_SHIFT_MS;
            int track = 16 * EchoCancellingInput.TRACK_SHIFT_MS;
            assertEquals(delay, measureAfter(scene, after, 0, 8000), "a direct path " + delay + " samples long");
            assertEquals(delay, measureAfter(scene, after, delay - near, delay + near), "searched near where it was");
            float[][] late = {scene[0], new float[scene[1].length]};
            System.arraycopy(scene[1], 0, late[1], 17, scene[1].length - 17);
            assertEquals(delay - 17, measureAfter(late, after, delay - near, delay + near),
                    "the played audio placed 17 samples late: its echo 17 samples sooner after it");
            assertEquals(delay, measureAfter(scene, after, delay - track, delay + track), "searched 3 ms either side");
            float[][] later = heard(voice, delay, 0.3, after + 8000, delay);
            assertEquals(delay, measureAfter(later, after + 8000, delay - track, delay + track), "half a second later");
        }
    }

    @Test
    void noClearLagWithoutTheEchoOrWithoutPlayedAudio() {
        float[] voice = EchoScenes.maryAnswer(EchoPathTest.SHORT_ANSWER).samples();
        int samples = 32000;
        float[][] unheard = heard(voice, 900, 0, samples, 3);
        assertEquals(-1, measureAfter(unheard, samples, 0, 8000), "the speaker not heard at all");
        float[][] silent = {heard(voice, 900, 0.3, samples, 4)[0], new float[samples]};
        assertEquals(-1, measureAfter(silent, samples, 0, 8000), "nothing played");
        assertEquals(-1, measureAfter(heard(voice, 900, 0.3, 3000, 5), 3000, 0, 8000), "less audio than the window");
    }
}
