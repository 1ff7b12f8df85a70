package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;

/**
 * Estimates how long the played audio takes to come back in the microphone (device buffers, the
 * air, the microphone's own buffer): the lag, up to a bound, at which the loudness envelope of the
 * microphone best matches the played audio's, over the last few seconds in which something
 * played. Envelopes in 4 ms steps; re-estimated every half second while audio plays (every quarter
 * until the first estimate, from a second of audio on); an estimate counts when the match is clear
 * and the next one agrees with it.
 */
final class DelayEstimator {
    static final int HOP = 64;
    private static final int EVERY_HOPS = 125;
    /** The least audio an estimate looks at: a second. */
    private static final int MIN_WINDOW_HOPS = 250;
    private static final double MIN_CORRELATION = 0.35;
    private static final double MAX_DISAGREEMENT_HOPS = 3;
    private final int maxLagHops;
    private final int windowHops;
    private final double[] micEnv;
    private final double[] refEnv;
    private final boolean[] refActive;
    private long hops;
    private double micAcc;
    private double refAcc;
    private int inHop;
    private boolean refInHop;
    private int sinceEstimate;
    private int candidate = -1;
    private int delayHops = -1;
    private double correlation = Double.NaN;

    /**
     * @param maxDelayMs the longest delay searched
     * @param windowMs how much audio an estimate looks at
     */
    DelayEstimator(int maxDelayMs, int windowMs) {
        this.maxLagHops = AudioClip.SPEECH_RATE * maxDelayMs / 1000 / HOP;
        this.windowHops = AudioClip.SPEECH_RATE * windowMs / 1000 / HOP;
        int length = windowHops + maxLagHops + 1;
        this.micEnv = new double[length];
        this.refEnv = new double[length];
        this.refActive = new boolean[length];
    }

    /** The microphone and the played audio of the same moment, any number of samples (the same for both). */
    void observe(float[] mic, float[] played, int count) {
        for (int i = 0; i < count; i++) {
            micAcc += mic[i] * mic[i];
            refAcc += played[i] * played[i];
            refInHop |= played[i] != 0f;
            if (++inHop == HOP) {
                int k = (int) (hops % micEnv.length);
                micEnv[k] = Math.sqrt(micAcc / HOP);
                refEnv[k] = Math.sqrt(refAcc / HOP);
                refActive[k] = refInHop && refAcc / HOP > 1e-8;
                hops++;
                micAcc = 0;
                refAcc = 0;
                inHop = 0;
                refInHop = false;
                if (++sinceEstimate >= (delayHops < 0 ? EVERY_HOPS / 2 : EVERY_HOPS)) {
                    sinceEstimate = 0;
                    estimate();
                }
            }
        }
    }

    private void estimate() {
        // Until the window has filled, what there is (at least a second): the first estimate
        // comes sooner, and the canceller learns the right echo path from then on.
        int windowHops = (int) Math.min(this.windowHops, hops - maxLagHops);
        if (windowHops < MIN_WINDOW_HOPS) {
            return;
        }
        int active = 0;
        for (int t = 0; t < windowHops + maxLagHops; t++) {
            if (refActive[(int) ((hops - 1 - t) % refEnv.length)]) {
                active++;
            }
        }
        if (active < windowHops / 3) {
            return;
        }
        // mic[t] against ref[t - lag] for t over the last windowHops hops.
        double micMean = 0;
        for (int t = 0; t < windowHops; t++) {
            micMean += micEnv[idx(t)];
        }
        micMean /= windowHops;
        double micNorm = 0;
        for (int t = 0; t < windowHops; t++) {
            double d = micEnv[idx(t)] - micMean;
            micNorm += d * d;
        }
        double best = -2;
        int bestLag = -1;
        for (int lag = 0; lag <= maxLagHops; lag++) {
            double refMean = 0;
            for (int t = 0; t < windowHops; t++) {
                refMean += refEnv[idx(t + lag)];
            }
            refMean /= windowHops;
            double dot = 0;
            double refNorm = 0;
            for (int t = 0; t < windowHops; t++) {
                double r = refEnv[idx(t + lag)] - refMean;
                dot += (micEnv[idx(t)] - micMean) * r;
                refNorm += r * r;
            }
            double c = micNorm > 0 && refNorm > 0 ? dot / Math.sqrt(micNorm * refNorm) : 0;
            if (c > best) {
                best = c;
                bestLag = lag;
            }
        }
        if (best < MIN_CORRELATION) {
            return;
        }
        if (candidate >= 0 && Math.abs(candidate - bestLag) <= MAX_DISAGREEMENT_HOPS) {
            delayHops = bestLag;
            correlation = best;
        }
        candidate = bestLag;
    }

    /** t hops before the latest one (0 = the latest). */
    private int idx(int t) {
        return (int) ((hops - 1 - t) % micEnv.length);
    }

    /** The estimated delay in samples, or -1 while there is none yet. */
    int delaySamples() {
        return delayHops < 0 ? -1 : delayHops * HOP;
    }

    double correlation() {
        return correlation;
    }
}
