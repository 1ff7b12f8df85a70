package dev.benchmate.testing;

import dev.benchmate.speaking.MaryTtsSynthesizer;

/** One MaryTTS voice for all tests (loading takes about a second). */
public final class Voice {
    private static MaryTtsSynthesizer mary;

    private Voice() {
    }

    public static synchronized MaryTtsSynthesizer mary() {
        if (mary == null) {
            mary = new MaryTtsSynthesizer("cmu-slt-hsmm");
        }
        return mary;
    }

    /**
     * MaryTTS's words at the speech rate, without the quiet the voice leaves before and after them
     * (below a fiftieth of the peak), so gaps put between clips are as written.
     */
    public static dev.benchmate.media.AudioClip spokenTrimmed(String words) {
        float[] x = dev.benchmate.media.SpeechRateConversion.toSpeechRate(mary().synthesize(words)).samples();
        float peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        int from = 0;
        int to = x.length;
        while (from < to && Math.abs(x[from]) < peak / 50) {
            from++;
        }
        while (to > from && Math.abs(x[to - 1]) < peak / 50) {
            to--;
        }
        return new dev.benchmate.media.AudioClip(java.util.Arrays.copyOfRange(x, from, to),
                dev.benchmate.media.AudioClip.SPEECH_RATE);
    }
}
