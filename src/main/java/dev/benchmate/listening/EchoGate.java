package dev.benchmate.listening;

import be.tarsos.dsp.util.fft.FloatFFT;
import dev.benchmate.media.AudioClip;

/**
 * Tells the person from Benchmate's own voice while it plays. After cancellation a residual of the
 * played voice is left (20–30 dB down once the canceller has converged, nearly all of it before,
 * and more in the bands the filter has not learnt yet), and a sensitive speech detector takes it
 * for speech. The gate predicts, frame by frame and band by band (15 bands, 125 Hz–8 kHz), how loud
 * that residual can be: the played audio's power in the band over the echo tail (its loudest frame
 * within the filter length, so every delay the canceller covers counts) times the band's residual
 * gain, learnt on frames that hold only echo (the 95th percentile, over the last 3 s of them, of
 * what came out over what played). Two frames in a row with several bands clearly above their
 * prediction and above the band's quiet floor are a person and pass as they are (right after a
 * person's frame, a little above in fewer bands is enough); any other frame is
 * replaced by steady noise at the microphone's quiet floor, so the detector hears no start in it.
 * While nothing played within the tail the gate passes everything and costs a few comparisons.
 */
final class EchoGate {
    /** Above the prediction by this much, in a band: a person there. */
    static final double MARGIN_DB = 10;
    private static final double MARGIN = Math.pow(10, MARGIN_DB / 10);
    /** Bands above their prediction for a person. */
    static final int PERSON_BANDS = 3;
    /**
     * A person's next frame, right after one of theirs, needs only this much in fewer bands: the
     * ends of words are quieter than their middles, and judged like an onset they were cut off
     * while the canceller was still learning (a sentence 3.5 s into the first answer ended 0.6–0.9 s
     * early).
     */
    static final double GOING_ON_MARGIN_DB = 6;
    static final int GOING_ON_BANDS = 2;
    /** ... once the person has been heard this long (100 ms): a burst of residual is shorter. */
    static final int GOING_ON_AFTER = 5;
    /**
     * For this long after a person's frame (300 ms), frames judged echo are learnt only where they
     * are no louder than the gain already learnt: the quiet parts of the person's words would
     * otherwise raise it, and their next words be taken for echo. The canceller still converging
     * lowers it as before.
     */
    private static final int NEAR_PERSON_FRAMES = 15;
    static final double PERCENTILE = 0.95;
    private static final int LEARNT_FRAMES = 150;
    /** Frames of echo alone needed before a person can be told from it. */
    private static final int TRAINING_FRAMES = 25;
    /**
     * The least quiet floor a person is judged against (-80 dBFS, a little above 16-bit rounding):
     * a denoiser leaves near digital silence, against which any whisper of residual would count as
     * loud. (The comfort noise itself is at the real floor, so the detector hears one quiet.)
     */
    private static final double QUIET = 1e-8;
    private static final double[] EDGES_HZ = {125, 250, 375, 500, 750, 1000, 1250, 1500, 2000, 2500, 3000, 3500,
        4000, 5000, 6000, 8000};
    static final int BANDS = EDGES_HZ.length - 1;
    private final int frameSize;
    private final int fftSize;
    private final int[] edgeBins = new int[EDGES_HZ.length];
    private final FloatFFT fft;
    private final float[] spectrum;
    private final double[] outBands = new double[BANDS];
    private final double[] refBands = new double[BANDS];
    private final double[] ratioDb = new double[BANDS];
    private final int tailFrames;
    /** The played audio's band powers over the tail, and its broadband power. */
    private final double[][] refTail;
    private final double[] refTailPower;
    private final double[][] ratios = new double[BANDS][LEARNT_FRAMES];
    private final double[] sorted = new double[LEARNT_FRAMES];
    private final double[] gainDb = new double[BANDS];
    private final double[] bandFloor = new double[BANDS];
    private final java.util.Random comfort = new java.util.Random(1);
    private long frames;
    private long learnt;
    private boolean wasAbove;
    private double floor = Double.NaN;
    /** The loudest the played audio was lately (falls 10 dB a second). */
    private double peak;
    private static final double PEAK_DECAY = Math.pow(10, -0.1 * 10 / 50);
    private long personFrames;
    private long sincePerson = Long.MAX_VALUE / 2;
    private int personRun;
    private long echoFrames;

    /**
     * @param frameSize samples per frame
     * @param tailFrames the filter length in frames: how long played audio may still be heard
     */
    EchoGate(int frameSize, int tailFrames) {
        this.frameSize = frameSize;
        this.fftSize = Integer.highestOneBit(frameSize - 1) << 1;
        this.fft = new FloatFFT(fftSize);
        this.spectrum = new float[fftSize];
        for (int b = 0; b < EDGES_HZ.length; b++) {
            edgeBins[b] = (int) Math.min(fftSize / 2 - 1, Math.round(EDGES_HZ[b] * fftSize / AudioClip.SPEECH_RATE));
        }
        this.tailFrames = tailFrames;
        this.refTail = new double[tailFrames][BANDS];
        this.refTailPower = new double[tailFrames];
        java.util.Arrays.fill(bandFloor, Double.NaN);
    }

    /**
     * One frame, after cancellation and preprocessing, in place.
     *
     * @param played the aligned played audio of this frame (what the canceller used)
     * @param judging false while the canceller's residual says nothing about the room (an
     *        answer's echo being found again): a frame while audio plays is then echo, not learnt
     * @return whether the frame was judged a person (or nothing plays)
     */
    boolean apply(float[] frame, float[] played, boolean judging) {
        double power = power(frame);
        int slot = (int) (frames++ % tailFrames);
        double playedPower = power(played);
        refTailPower[slot] = playedPower;
        if (playedPower > 0) {
            bands(played, refTail[slot]);
        } else {
            java.util.Arrays.fill(refTail[slot], 0);
        }
        trackFloor(power);
        double tailPower = 0;
        for (double p : refTailPower) {
            tailPower = Math.max(tailPower, p);
        }
        // What plays faintly (the quiet between sentences, 40 dB under what played lately) leaves
        // an echo below the microphone's noise: nothing to tell apart there.
        peak = Math.max(tailPower, peak * PEAK_DECAY);
        boolean playing = tailPower > 1e-9 && tailPower > peak * 1e-4;
        if (!playing) {
            wasAbove = false;
            sincePerson++;
            personRun = 0;
            return true;
        }
        if (!judging) {
            wasAbove = false;
            sincePerson++;
            personRun = 0;
            quieten(frame);
            return false;
        }
        bands(frame, outBands);
        trackBandFloors();
        java.util.Arrays.fill(refBands, 0);
        for (double[] t : refTail) {
            for (int b = 0; b < BANDS; b++) {
                refBands[b] = Math.max(refBands[b], t[b]);
            }
        }
        boolean trained = learnt >= TRAINING_FRAMES;
        int bandsAbove = 0;
        int bandsGoingOn = 0;
        for (int b = 0; b < BANDS; b++) {
            ratioDb[b] = 10 * Math.log10((outBands[b] + 1e-14) / (refBands[b] + 1e-14));
            // A bin of noise at the least quiet level holds that power times the frame's length.
            boolean audible = outBands[b] > MARGIN * Math.max(bandFloor[b], QUIET * frameSize);
            if (trained && audible && ratioDb[b] > gainDb[b] + MARGIN_DB) {
                bandsAbove++;
            }
            if (trained && audible && ratioDb[b] > gainDb[b] + GOING_ON_MARGIN_DB) {
                bandsGoingOn++;
            }
        }
        boolean clearlyAbove = bandsAbove >= PERSON_BANDS || sincePerson <= 1 && personRun >= GOING_ON_AFTER
                && bandsGoingOn >= GOING_ON_BANDS;
        // Two such frames in a row: a residual's burst is one frame more often than a person's
        // onset is. No hold after a person's frames: the residual right after their last word would
        // carry the utterance on (a detector counts quieter sounds next to speech as speech).
        boolean person = clearlyAbove && wasAbove;
        wasAbove = clearlyAbove;
        if (!clearlyAbove) {
            learn(ratioDb, sincePerson <= NEAR_PERSON_FRAMES);
        }
        sincePerson = person ? 0 : sincePerson + 1;
        personRun = person ? personRun + 1 : sincePerson <= 1 ? personRun : 0;
        if (person) {
            personFrames++;
            return true;
        }
        quieten(frame);
        return false;
    }

    /**
     * Not the residual scaled down (a speech detector that judges against its own quiet floor
     * would still hear a voice in it), but steady noise at the quiet floor in its place.
     */
    private void quieten(float[] frame) {
        echoFrames++;
        float level = (float) Math.sqrt(floor);
        for (int i = 0; i < frame.length; i++) {
            frame[i] = level * (float) comfort.nextGaussian();
        }
    }

    /** Power per band (mean over the band's bins, comparable between the microphone and the played audio). */
    private void bands(float[] x, double[] into) {
        System.arraycopy(x, 0, spectrum, 0, frameSize);
        java.util.Arrays.fill(spectrum, frameSize, fftSize, 0f);
        fft.realForward(spectrum);
        for (int b = 0; b < BANDS; b++) {
            double s = 0;
            for (int k = edgeBins[b]; k < edgeBins[b + 1]; k++) {
                s += spectrum[2 * k] * spectrum[2 * k] + spectrum[2 * k + 1] * spectrum[2 * k + 1];
            }
            into[b] = s / Math.max(1, edgeBins[b + 1] - edgeBins[b]);
        }
    }

    /** Only echo in this frame: each band's residual gain is a high percentile of the recent such frames. */
    private void learn(double[] ratioDb, boolean nearPerson) {
        int slot = (int) (learnt++ % LEARNT_FRAMES);
        int n = (int) Math.min(learnt, LEARNT_FRAMES);
        for (int b = 0; b < BANDS; b++) {
            ratios[b][slot] = nearPerson && learnt > TRAINING_FRAMES ? Math.min(ratioDb[b], gainDb[b]) : ratioDb[b];
            System.arraycopy(ratios[b], 0, sorted, 0, n);
            java.util.Arrays.sort(sorted, 0, n);
            gainDb[b] = sorted[Math.min(n - 1, (int) (PERCENTILE * n))];
        }
    }

    private void trackBandFloors() {
        for (int b = 0; b < BANDS; b++) {
            // A bin of noise at the least level holds that power times the frame's length.
            double p = Math.max(outBands[b], 1e-14);
            bandFloor[b] = Double.isNaN(bandFloor[b]) || p < bandFloor[b] ? p : bandFloor[b] * 1.003;
        }
    }

    /** The quietest recent level (a slowly rising minimum). */
    private void trackFloor(double power) {
        double p = Math.max(power, 1e-14);
        floor = Double.isNaN(floor) || p < floor ? p : floor * 1.003;
    }

    /** The residual's gain averaged over the bands, in dB, once learnt. */
    double residualGainDb() {
        if (learnt < TRAINING_FRAMES) {
            return Double.NaN;
        }
        double s = 0;
        for (double g : gainDb) {
            s += g;
        }
        return s / BANDS;
    }

    long echoFrames() {
        return echoFrames;
    }

    long personFrames() {
        return personFrames;
    }

    static double power(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v * v;
        }
        return s / x.length;
    }
}
