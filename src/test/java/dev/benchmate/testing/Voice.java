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
}
