package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;

import be.tarsos.dsp.util.fft.FloatFFT;

/**
 * What one 32 ms frame (512 samples at 16 kHz) looks like to the speech detector. One real FFT of
 * the frame, zero-padded to 1024 points, gives both the spectrum (Hann-windowed by combining
 * neighbouring bins) and, through one inverse FFT of the power spectrum, the autocorrelation from
 * which periodicity is read.
 */
final class FrameFeatures {
    static final int SIZE = 512;
    /** Spectral shape bands between 250 Hz and 4 kHz, a third of an octave each. */
    static final int BANDS = 12;
    private static final int FFT_SIZE = 2 * SIZE;
    private static final int RATE = AudioClip.SPEECH_RATE;
    /** Lags of a voice's period: 400 Hz down to 70 Hz. */
    private static final int MIN_LAG = RATE / 400;
    private static final int MAX_LAG = RATE / 70;
    /** Below MIN_LAG, periods down to 2 kHz: where whistles, beeps and rings repeat. */
    private static final int SHORTEST_LAG = RATE / 2000;
    /** Per octave of lag, so a period and its multiples (equally periodic) resolve to the shortest. */
    private static final double OCTAVE_COST = 0.02;
    /** Below the loudest shape band, bands count as this much quieter at most (empty bands are noise). */
    private static final double SHAPE_RANGE_DB = 30;

    private static final int BIN_60 = bin(60);
    private static final int BIN_250 = bin(250);
    private static final int BIN_1000 = bin(1000);
    private static final int BIN_3800 = bin(3800);
    private static final int BIN_4000 = bin(4000);

    private final FloatFFT fft = new FloatFFT(FFT_SIZE);
    private final float[] spectrum = new float[FFT_SIZE];
    private final float[] autocorrelation = new float[FFT_SIZE];
    private final double[] energyBefore = new double[SIZE + 1];
    /** Normalized autocorrelation by lag, up to just past the longest period. */
    private final double[] nccf = new double[MAX_LAG + 2];
    private final int[] bandEdges = new int[BANDS + 1];

    /** Level in dB (full scale 1.0). */
    double db;
    /** Share of the power in 250–3800 Hz, where speech has it and mains hum does not. */
    double speechBandShare;
    /** Share of the 60 Hz–4 kHz power below 1 kHz: a voice's harmonics and first formant live there. */
    double lowShare;
    /** Normalized autocorrelation at the best lag of a voice's period (1 = perfectly periodic). */
    double periodicity;
    /** That lag, in samples (fractional); 0 when there is none. */
    double lag;
    /** The highest normalized autocorrelation at periods shorter than a voice's (2 kHz–400 Hz). */
    double fastPeriodicity;
    /** Band levels in dB relative to their mean: the spectral envelope, independent of loudness. */
    final double[] shape = new double[BANDS];

    FrameFeatures() {
        for (int j = 0; j <= BANDS; j++) {
            bandEdges[j] = (int) Math.round(BIN_250 * Math.pow(16, j / (double) BANDS));
        }
    }

    /** The pitch of the voice-range period, in Hz. */
    double pitchHz() {
        return lag > 0 ? RATE / lag : 0;
    }

    void analyse(float[] frame) {
        double mean = 0;
        double sum = 0;
        for (int i = 0; i < SIZE; i++) {
            mean += frame[i];
            sum += frame[i] * frame[i];
        }
        mean /= SIZE;
        db = 10 * Math.log10(sum / SIZE + 1e-12);
        energyBefore[0] = 0;
        for (int i = 0; i < SIZE; i++) {
            float v = (float) (frame[i] - mean);
            spectrum[i] = v;
            energyBefore[i + 1] = energyBefore[i] + v * v;
        }
        java.util.Arrays.fill(spectrum, SIZE, FFT_SIZE, 0f);
        fft.realForward(spectrum);
        spectralFeatures();
        periodicity();
    }

    private void spectralFeatures() {
        // A Hann window over the 512 samples is, in the 1024-point spectrum, 0.5 X[k] - 0.25 X[k-2] - 0.25 X[k+2].
        double total = 1e-20;
        double speechBand = 0;
        double below1k = 0;
        double upTo4k = 1e-20;
        int band = 0;
        double bandSum = 0;
        for (int k = 1; k < FFT_SIZE / 2 - 2; k++) {
            double re;
            double im;
            if (k > 2) {
                re = 0.5 * spectrum[2 * k] - 0.25 * (spectrum[2 * k - 4] + spectrum[2 * k + 4]);
                im = 0.5 * spectrum[2 * k + 1] - 0.25 * (spectrum[2 * k - 3] + spectrum[2 * k + 5]);
            } else {
                re = 0.5 * re(k) - 0.25 * re(k - 2) - 0.25 * re(k + 2);
                im = 0.5 * im(k) - 0.25 * im(k - 2) - 0.25 * im(k + 2);
            }
            double p = re * re + im * im;
            total += p;
            if (k >= BIN_250 && k <= BIN_3800) {
                speechBand += p;
            }
            if (k >= BIN_60 && k <= BIN_4000) {
                upTo4k += p;
                if (k <= BIN_1000) {
                    below1k += p;
                }
            }
            if (band < BANDS && k >= bandEdges[band]) {
                bandSum += p;
                if (k == bandEdges[band + 1] - 1) {
                    shape[band++] = 10 * Math.log10(bandSum + 1e-12);
                    bandSum = 0;
                }
            }
        }
        speechBandShare = speechBand / total;
        lowShare = below1k / upTo4k;
        double top = Double.NEGATIVE_INFINITY;
        for (double s : shape) {
            top = Math.max(top, s);
        }
        double level = 0;
        for (int j = 0; j < BANDS; j++) {
            shape[j] = Math.max(shape[j], top - SHAPE_RANGE_DB);
            level += shape[j];
        }
        level /= BANDS;
        for (int j = 0; j < BANDS; j++) {
            shape[j] -= level;
        }
    }

    private void periodicity() {
        // Power spectrum back to the time domain: the (linear, thanks to the zero padding) autocorrelation,
        // normalized per lag by the energies of the two overlapping parts.
        autocorrelation[0] = spectrum[0] * spectrum[0];
        autocorrelation[1] = spectrum[1] * spectrum[1];
        for (int k = 1; k < FFT_SIZE / 2; k++) {
            autocorrelation[2 * k] = spectrum[2 * k] * spectrum[2 * k] + spectrum[2 * k + 1] * spectrum[2 * k + 1];
            autocorrelation[2 * k + 1] = 0;
        }
        fft.realInverse(autocorrelation, true);
        for (int t = 1; t < nccf.length; t++) {
            double head = energyBefore[SIZE - t];
            double tail = energyBefore[SIZE] - energyBefore[t];
            nccf[t] = autocorrelation[t] / Math.sqrt(head * tail + 1e-20);
        }

        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int t = MIN_LAG; t <= MAX_LAG; t++) {
            double v = nccf[t];
            if (v >= nccf[t - 1] && v >= nccf[t + 1]) {
                double score = v - OCTAVE_COST * Math.log(t) / Math.log(2);
                if (score > bestScore) {
                    bestScore = score;
                    best = t;
                }
            }
        }
        if (best == 0) {
            periodicity = 0;
            lag = 0;
        } else {
            double y0 = nccf[best - 1];
            double y1 = nccf[best];
            double y2 = nccf[best + 1];
            double curve = y0 - 2 * y1 + y2;
            lag = best + (curve < 0 ? 0.5 * (y0 - y2) / curve : 0);
            periodicity = y1;
        }
        // Short periods: past the first dip (every signal resembles itself at tiny lags).
        int from = 2;
        while (from < MIN_LAG && !(nccf[from] <= nccf[from - 1] && nccf[from] <= nccf[from + 1])) {
            from++;
        }
        fastPeriodicity = -1;
        for (int t = Math.max(from, SHORTEST_LAG); t < MIN_LAG; t++) {
            fastPeriodicity = Math.max(fastPeriodicity, nccf[t]);
        }
    }

    private double re(int k) {
        return k == 0 ? spectrum[0] : k < 0 ? re(-k) : spectrum[2 * k];
    }

    private double im(int k) {
        return k <= 0 ? (k == 0 ? 0 : -im(-k)) : spectrum[2 * k + 1];
    }

    private static int bin(double hz) {
        return (int) Math.round(hz * FFT_SIZE / RATE);
    }
}
