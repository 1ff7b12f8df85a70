package dev.benchmate.listening;

import be.tarsos.dsp.util.fft.FloatFFT;
import dev.benchmate.media.AudioClip;

/**
 * Where, to the sample, the played audio comes back in the microphone: the lag of the strongest
 * path (the direct one, at a bench) by generalized cross-correlation with phase transform
 * (GCC-PHAT) over the last quarter second or so.
 *
 * <p>Why to the sample: a converged echo filter is the echo path at one alignment of the played
 * audio against the microphone. Each answer after a pause starts the speaker again, and where the
 * played audio lands on the capture timeline is only known to the scheduling of two threads (and,
 * on a real sound card, to its period): a millisecond off, and at speech frequencies the filter
 * predicts the wrong phase — its residual is then 10–20 dB above what it was, for seconds, and
 * reads like a person. Measured at each start and compared with the answer before, the shift is
 * taken back out before the filter has to learn the room again.
 *
 * <p>Keeps the last {@code window} microphone samples and the played audio of the same moments
 * plus the longest lag searched; a measurement is three FFTs of 8192 points near a known lag
 * (fifteen for every lag up to half a second).
 */
final class EchoAlignment {
    /** A peak this many times the correlation's mean magnitude over the searched lags is clear. */
    static final double CLEAR = 8;
    private final int window;
    private final int maxLag;
    private final float[] mic;
    private final float[] played;
    private long written;
    /** The FFT's size: the largest TarsosDSP computes on the calling thread. */
    private static final int N = 8192;
    /** Lags searched per FFT: the window and its played audio must fit in it. */
    private final int pieceLags;
    private final FloatFFT fft = new FloatFFT(N);
    private final float[] a = new float[N];
    private final float[] b = new float[N];
    private final double[] corr;
    private final float[] taper;
    private double lastClarity;

    /**
     * @param windowSamples how much audio a measurement looks at
     * @param maxLagSamples the longest lag searched
     */
    EchoAlignment(int windowSamples, int maxLagSamples) {
        this.window = windowSamples;
        this.maxLag = maxLagSamples;
        this.mic = new float[windowSamples];
        this.played = new float[windowSamples + maxLagSamples];
        this.pieceLags = N - 2 * windowSamples - 1;
        if (pieceLags < 1) {
            throw new IllegalArgumentException("a window of " + windowSamples + " samples does not fit an FFT of " + N);
        }
        this.corr = new double[maxLagSamples + 1];
        // The window's ends tapered (an eighth each side): cut off sharply, the phase-only
        // correlation finds its own edges lined up with the played audio's, a false peak at the
        // ends of the search.
        this.taper = new float[windowSamples];
        int edge = Math.max(1, windowSamples / 8);
        for (int i = 0; i < windowSamples; i++) {
            int d = Math.min(i, windowSamples - 1 - i);
            taper[i] = d >= edge ? 1f : (float) (0.5 - 0.5 * Math.cos(Math.PI * d / edge));
        }
    }

    static EchoAlignment forSpeech(int windowMs, int maxLagMs) {
        return new EchoAlignment(AudioClip.SPEECH_RATE * windowMs / 1000, AudioClip.SPEECH_RATE * maxLagMs / 1000);
    }

    /** The microphone and the played audio (not held back) of the same moment, the same count of each. */
    void observe(float[] micFrame, float[] playedFrame, int count) {
        for (int i = 0; i < count; i++) {
            mic[(int) (written % mic.length)] = micFrame[i];
            played[(int) (written % played.length)] = playedFrame[i];
            written++;
        }
    }

    /**
     * The lag (samples) at which the microphone's last window best matches the played audio, within
     * (from, to), or -1 when no lag stands out clearly (too little played audio, or none of it
     * heard) or the best is at an end of the search.
     */
    int measure(int from, int to) {
        from = Math.max(0, from);
        to = Math.min(maxLag, to);
        lastClarity = 0;
        if (written < window || from > to) {
            return -1;
        }
        // In pieces whose FFT stays at 8192 points: TarsosDSP's FFT hands larger ones to a thread
        // pool and waits, and this runs on the capture thread.
        for (int lo = from; lo <= to; lo += pieceLags + 1) {
            correlate(lo, Math.min(to, lo + pieceLags), from);
        }
        int best = -1;
        double peak = 0;
        double sum = 0;
        for (int lag = from; lag <= to; lag++) {
            double v = corr[lag - from];
            sum += Math.abs(v);
            if (v > peak) {
                peak = v;
                best = lag;
            }
        }
        double mean = sum / (to - from + 1);
        lastClarity = mean > 0 ? peak / mean : 0;
        // A peak at either end of the search may be a stronger one outside it: not found.
        return best > from && best < to && peak > CLEAR * mean ? best : -1;
    }

    /** The phase-only cross-correlation at lags [from, to] into corr (from {@code base} on). */
    private void correlate(int from, int to, int base) {
        // a: the microphone's window; b: the played audio from `to` before the window to `from`
        // before its end (what the window's echo can come from).
        int span = window + to - from;
        java.util.Arrays.fill(a, 0f);
        java.util.Arrays.fill(b, 0f);
        for (int i = 0; i < window; i++) {
            a[i] = taper[i] * mic[(int) ((written - window + i) % mic.length)];
        }
        for (int i = 0; i < span; i++) {
            long t = written - window - to + i;
            b[i] = t < 0 ? 0f : played[(int) (t % played.length)];
        }
        fft.realForward(a);
        fft.realForward(b);
        // The cross-spectrum, each bin weighted to unit magnitude (phase only), so that speech's
        // strong low frequencies do not smear the peak over many samples.
        double max = 0;
        for (int k = 1; k < N / 2; k++) {
            double ma = a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1];
            double mb = b[2 * k] * b[2 * k] + b[2 * k + 1] * b[2 * k + 1];
            max = Math.max(max, ma * mb);
        }
        if (max == 0) {
            java.util.Arrays.fill(corr, from - base, to - base + 1, 0);
            return;
        }
        double floor = Math.sqrt(max) * 1e-6;
        a[0] = 0;
        a[1] = 0;
        for (int k = 1; k < N / 2; k++) {
            double ar = a[2 * k];
            double ai = a[2 * k + 1];
            double br = b[2 * k];
            double bi = b[2 * k + 1];
            double re = ar * br + ai * bi;
            double im = ar * bi - ai * br;
            double mag = Math.sqrt(re * re + im * im) + floor;
            a[2 * k] = (float) (re / mag);
            a[2 * k + 1] = (float) (im / mag);
        }
        fft.realInverse(a, true);
        // a[k] = sum over the window of mic[t] * b[t + k]: the echo of played audio `lag` samples
        // old sits at k = to - lag.
        for (int lag = from; lag <= to; lag++) {
            corr[lag - base] = a[to - lag];
        }
    }

    /** How clearly the last measurement's peak stood out (its height over the mean magnitude). */
    double lastClarity() {
        return lastClarity;
    }
}
