package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Speech detection that holds up in a workshop and still hears a one-word "stop". Loudness alone
 * is not enough there: fans, drills, hum, hammer blows, bells, beepers and phones are loud. A 32 ms
 * frame (16 ms hop, {@link FrameFeatures}) is voiced when it is
 * <ul>
 *   <li>periodic at a voice's period (normalized autocorrelation at 70–400 Hz of at least 0.5),
 *       and more so than at any shorter period (a whistle, beep or ring repeats faster),</li>
 *   <li>with its energy in the speech band (250–3800 Hz, not mains hum) and a quarter of it below
 *       1 kHz, where a voice's harmonics and first formant are (not a trill or a ringing click).</li>
 * </ul>
 * A voiced frame loud against the adaptive noise floor (the quietest frame of the last two
 * seconds) is a speech frame, unless its pitch has held still for half a second (a motor).
 *
 * <p>A possible start is 3 speech frames of 6. It is watched, together with the frames since its
 * first speech frame, for 20 frames (320 ms) or until the sound stops, and kept only if it moves
 * like a voice: its pitch wanders (at least a third of the steps between voiced frames move, over
 * a range of 3.5 %) or its spectral envelope changes as articulation does, and its pitch does not
 * sweep like a siren or a motor running down. A sound that goes on is watched a little longer
 * (8 more pitch steps) and dropped if it turns into a steady tone or a fast glide, or stops being
 * voiced while staying loud: a drill that spun up, a saw biting. The start is stamped at the first
 * speech frame, or earlier over the loud unvoiced sounds just before it (the s and t of "stop").
 *
 * <p>Speech ends after the configured silence, or at the maximum utterance length. Inside an
 * utterance only clearly periodic frames (0.7) count as speech, and unvoiced ones only next to
 * them and when they last two frames, so crowd noise, hammer blows and a noise floor's flicker
 * after the last word do not hold it open.
 */
public final class TarsosSpeechDetector implements SpeechDetector {
    private static final int FRAME = FrameFeatures.SIZE;
    private static final int HOP = FRAME / 2;
    private static final int RATE = AudioClip.SPEECH_RATE;
    private static final int FLOOR_FRAMES = 2 * RATE / HOP;

    private static final double VOICED = 0.5;
    private static final double VOICED_IN_UTTERANCE = 0.7;
    /** How much less periodic than at the voice's period a frame must be at shorter periods. */
    private static final double FASTER_PERIOD_MARGIN = 0.03;
    private static final double LOW_SHARE = 0.25;
    private static final double SPEECH_BAND_SHARE = 0.35;

    private static final int ONSET_WINDOW = 6;
    private static final int ONSET_NEEDED = 3;
    private static final int STEADY_FRAMES = 30;
    /** About 250 ms: how far from a voiced frame an unvoiced one still belongs to the word. */
    private static final int CONSONANT_FRAMES = 16;

    /** About 320 ms: how long a possible start is watched before it is called speech. */
    private static final int VERIFY_FRAMES = 20;
    /** A sound that goes on is watched until this many more pitch steps... */
    private static final int CONTINUE_STEPS = 8;
    /** ...or this many more frames (480 ms), and dropped if it has too little voice by then. */
    private static final int CONTINUE_FRAMES = 30;
    /** Frames without voice, and 15 dB under the sound's peak or near the floor: the sound stopped. */
    private static final int STOPPED_FRAMES = 4;
    private static final double STOPPED_DROP_DB = 15;

    /** A pitch step (natural log of the period ratio) this small is holding still. */
    private static final double STEP_MOVES = 0.004;
    /** A larger step is a jump (octave error, another sound), not movement. */
    private static final double STEP_JUMP = 0.2;
    /** A step may bridge this many unvoiced frames (a voicing dropout). */
    private static final int BRIDGED_FRAMES = 2;
    private static final double MOVING_SHARE = 0.35;
    private static final double PITCH_RANGE = 0.035;
    /** A median step this large is a sweep: sirens, motors running up or down (a voice falls slower). */
    private static final double GLIDE = 0.06;
    /** Mean change of the spectral envelope between voiced frames (dB) that is articulation. */
    private static final double ARTICULATION_DB = 1.8;
    /** After the first 320 ms, under this share of moving steps (and no articulation) is a steady tone. */
    private static final double STEADY_SHARE = 0.4;

    /** The start may be stamped back over loud sounds at most this many frames (400 ms) before the voice... */
    private static final int LEAD_FRAMES = 25;
    /** ...bridging quieter gaps (a stop's closure) of up to this many frames... */
    private static final int LEAD_GAP = 4;
    /** ...over frames at most this far under the voice's peak. */
    private static final double LEAD_DB = 25;
    /** Frames remembered for that look-back and for the evidence before a start. */
    private static final int HISTORY = 48;

    private final SpeechDetectorSettings settings;
    private final FrameFeatures features = new FrameFeatures();
    private final float[] pending = new float[FRAME];
    private int pendingCount;
    private long frameIndex;

    private final double[] recentDb = new double[FLOOR_FRAMES];
    private final boolean[] recentSpeech = new boolean[ONSET_WINDOW];
    private final float[] recentPitch = new float[STEADY_FRAMES];
    private boolean inSpeech;
    private double speechStart;
    private double lastActiveEnd;
    private long lastSpeechFrame;
    private boolean previousUnvoicedSound;

    /** The last HISTORY frames as a possible start sees them. */
    private final boolean[] pastVoiced = new boolean[HISTORY];
    private final boolean[] pastAboveHold = new boolean[HISTORY];
    private final boolean[] pastAboveOnset = new boolean[HISTORY];
    private final double[] pastDb = new double[HISTORY];
    private final double[] pastLag = new double[HISTORY];
    private final double[][] pastShape = new double[HISTORY][FrameFeatures.BANDS];

    /** The possible start being watched: its first 320 ms, then (if it goes on) what follows. */
    private Evidence first;
    private Evidence then;
    private double candidateStart;

    public TarsosSpeechDetector(SpeechDetectorSettings settings) {
        this.settings = settings;
        Arrays.fill(recentDb, Double.NaN);
    }

    public TarsosSpeechDetector() {
        this(SpeechDetectorSettings.DEFAULTS);
    }

    @Override
    public List<SpeechEvent> accept(float[] samples) {
        List<SpeechEvent> events = new ArrayList<>();
        int i = 0;
        while (i < samples.length) {
            int n = Math.min(FRAME - pendingCount, samples.length - i);
            System.arraycopy(samples, i, pending, pendingCount, n);
            pendingCount += n;
            i += n;
            if (pendingCount == FRAME) {
                frame(pending, events);
                System.arraycopy(pending, HOP, pending, 0, FRAME - HOP);
                pendingCount = FRAME - HOP;
            }
        }
        return events;
    }

    @Override
    public List<SpeechEvent> finish() {
        List<SpeechEvent> events = new ArrayList<>();
        if (first != null && verdict(true)) {
            start(events);
        }
        first = null;
        if (inSpeech) {
            events.add(SpeechEvent.end(lastActiveEnd));
            inSpeech = false;
        }
        return events;
    }

    @Override
    public boolean inSpeech() {
        return inSpeech;
    }

    @Override
    public double lastSpeechSeconds() {
        return inSpeech ? lastActiveEnd : Double.NaN;
    }

    private void frame(float[] x, List<SpeechEvent> events) {
        double start = frameIndex * (double) HOP / RATE;
        double end = start + (double) FRAME / RATE;
        features.analyse(x);
        double db = features.db;
        double floor = noiseFloor(db);
        boolean voiced = features.periodicity >= VOICED
                && features.fastPeriodicity < features.periodicity - FASTER_PERIOD_MARGIN
                && features.lowShare >= LOW_SHARE && features.speechBandShare > SPEECH_BAND_SHARE;
        recentPitch[(int) (frameIndex % STEADY_FRAMES)] = voiced ? (float) features.pitchHz() : 0;
        boolean aboveOnset = db > floor + settings.onsetDb();
        boolean speech = aboveOnset && voiced && !steadyTone();
        recentSpeech[(int) (frameIndex % ONSET_WINDOW)] = speech;
        remember(voiced, db > floor + settings.holdDb(), aboveOnset, db);
        boolean unvoicedSound = db > floor + settings.holdDb() && features.speechBandShare > 0.25;

        if (!inSpeech) {
            if (first != null) {
                watch(events);
            } else if (speech && onset()) {
                beginCandidate(start);
                watch(events);
            }
        } else {
            speech = speech && features.periodicity >= VOICED_IN_UTTERANCE;
            if (speech) {
                lastSpeechFrame = frameIndex;
            }
            // Unvoiced sounds (s, f, t) keep an utterance going only next to voiced ones, and only
            // when they last more than one frame, so background noise after the last word does not.
            boolean consonant = unvoicedSound && previousUnvoicedSound && frameIndex - lastSpeechFrame <= CONSONANT_FRAMES;
            if (speech || consonant) {
                lastActiveEnd = end;
            }
            if (end - lastActiveEnd >= settings.endSilenceMs() / 1000.0) {
                events.add(SpeechEvent.end(lastActiveEnd));
                inSpeech = false;
            } else if (end - speechStart >= settings.maxUtteranceMs() / 1000.0) {
                events.add(SpeechEvent.end(end));
                inSpeech = false;
                Arrays.fill(recentSpeech, false);
            }
        }
        previousUnvoicedSound = unvoicedSound;
        frameIndex++;
    }

    private void remember(boolean voiced, boolean aboveHold, boolean aboveOnset, double db) {
        int h = (int) (frameIndex % HISTORY);
        pastVoiced[h] = voiced;
        pastAboveHold[h] = aboveHold;
        pastAboveOnset[h] = aboveOnset;
        pastDb[h] = db;
        pastLag[h] = features.lag;
        System.arraycopy(features.shape, 0, pastShape[h], 0, FrameFeatures.BANDS);
    }

    /** A possible start: evidence from its first speech frame on, the start stamped before that. */
    private void beginCandidate(double frameStart) {
        long firstSpeech = firstSpeechFrame();
        first = new Evidence(Double.NEGATIVE_INFINITY);
        then = null;
        for (long k = firstSpeech; k < frameIndex; k++) {
            add(first, k);
        }
        long lead = firstSpeech;
        int gap = 0;
        for (long k = firstSpeech - 1; k >= 0 && firstSpeech - k <= LEAD_FRAMES && gap <= LEAD_GAP
                && frameIndex - k < HISTORY; k--) {
            int h = (int) (k % HISTORY);
            if (pastAboveOnset[h] && pastDb[h] > first.peakDb - LEAD_DB) {
                lead = k;
                gap = 0;
            } else {
                gap++;
            }
        }
        candidateStart = lead * (double) HOP / RATE;
    }

    private void add(Evidence e, long frame) {
        int h = (int) (frame % HISTORY);
        e.add(pastVoiced[h] && pastAboveHold[h], pastAboveHold[h], pastDb[h], pastLag[h], pastShape[h]);
    }

    private void watch(List<SpeechEvent> events) {
        Evidence current = then != null ? then : first;
        add(current, frameIndex);
        boolean stopped = current.quietRun >= STOPPED_FRAMES;
        if (then == null && !stopped && first.frames < VERIFY_FRAMES) {
            return;
        }
        if (then == null && !stopped) {
            if (first.voiceLike()) {
                then = new Evidence(first.peakDb);
            } else {
                first = null;
            }
            return;
        }
        if (then != null && !stopped && then.pairs < CONTINUE_STEPS && then.frames < CONTINUE_FRAMES) {
            return;
        }
        if (verdict(stopped)) {
            start(events);
        }
        first = null;
        then = null;
    }

    /** The decision on a possible start, once its sound stopped or it was watched long enough. */
    private boolean verdict(boolean stopped) {
        if (then == null) {
            return first.voiceLike();
        }
        if (then.pairs >= 2 && then.medianStep() >= GLIDE) {
            return false;
        }
        if (then.pairs >= 4 && then.moving < STEADY_SHARE * then.pairs && then.medianEnvelopeChange() < ARTICULATION_DB) {
            return false;
        }
        return stopped || then.pairs >= CONTINUE_STEPS;
    }

    private void start(List<SpeechEvent> events) {
        first = null;
        then = null;
        inSpeech = true;
        speechStart = candidateStart;
        lastSpeechFrame = frameIndex;
        lastActiveEnd = frameIndex * (double) HOP / RATE + (double) FRAME / RATE;
        events.add(SpeechEvent.start(speechStart));
    }

    /**
     * What a stretch of frames says about a possible start: how its pitch steps between consecutive
     * voiced frames, how its spectral envelope changes, and whether its sound has stopped.
     */
    private static final class Evidence {
        int frames;
        int voiced;
        int pairs;
        int moving;
        int quietRun;
        double peakDb;
        private int unvoicedRun;
        private double walk;
        private double walkMin;
        private double walkMax;
        private double previousLag;
        private double[] previousShape;
        private final List<Double> steps = new ArrayList<>();
        private final List<Double> envelopeChanges = new ArrayList<>();

        Evidence(double peakDb) {
            this.peakDb = peakDb;
        }

        void add(boolean voicedAndAudible, boolean audible, double db, double lag, double[] shape) {
            frames++;
            if (voicedAndAudible) {
                peakDb = Math.max(peakDb, db);
            }
            boolean sounding = voicedAndAudible || (audible && db > peakDb - STOPPED_DROP_DB);
            quietRun = sounding ? 0 : quietRun + 1;
            if (!voicedAndAudible) {
                // A pitch step may bridge a voicing dropout of a frame or two; the envelope may not.
                if (++unvoicedRun > BRIDGED_FRAMES) {
                    previousLag = 0;
                }
                previousShape = null;
                return;
            }
            unvoicedRun = 0;
            voiced++;
            if (previousShape != null) {
                double sum = 0;
                for (int j = 0; j < shape.length; j++) {
                    sum += Math.abs(shape[j] - previousShape[j]);
                }
                envelopeChanges.add(sum / shape.length);
            }
            previousShape = shape.clone();
            if (previousLag > 0) {
                double step = Math.log(previousLag / lag);
                if (Math.abs(step) < STEP_JUMP) {
                    pairs++;
                    steps.add(Math.abs(step));
                    moving += Math.abs(step) >= STEP_MOVES ? 1 : 0;
                    walk += step;
                    walkMin = Math.min(walkMin, walk);
                    walkMax = Math.max(walkMax, walk);
                }
            }
            previousLag = lag;
        }

        boolean voiceLike() {
            boolean pitchMoves = pairs >= 2 && moving >= MOVING_SHARE * pairs && walkMax - walkMin >= PITCH_RANGE;
            boolean articulates = !envelopeChanges.isEmpty() && medianEnvelopeChange() >= ARTICULATION_DB;
            return voiced >= 3 && medianStep() < GLIDE && (pitchMoves || articulates);
        }

        double medianStep() {
            return median(steps);
        }

        double medianEnvelopeChange() {
            return median(envelopeChanges);
        }

        private static double median(List<Double> values) {
            if (values.isEmpty()) {
                return 0;
            }
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
        }
    }

    private boolean onset() {
        int n = 0;
        for (boolean s : recentSpeech) {
            n += s ? 1 : 0;
        }
        return n >= ONSET_NEEDED;
    }

    /** The earliest speech frame of the onset window. */
    private long firstSpeechFrame() {
        long earliest = frameIndex;
        for (int k = 1; k < ONSET_WINDOW && frameIndex - k >= 0; k++) {
            if (recentSpeech[(int) ((frameIndex - k) % ONSET_WINDOW)]) {
                earliest = frameIndex - k;
            }
        }
        return earliest;
    }

    /** The quietest of the last two seconds of frames, including this one. */
    private double noiseFloor(double db) {
        recentDb[(int) (frameIndex % FLOOR_FRAMES)] = db;
        double min = db;
        for (double d : recentDb) {
            if (d < min) {
                min = d;
            }
        }
        return min;
    }

    /** Voiced for the last half second with a pitch that varies by under 2 %: a motor, not a voice. */
    private boolean steadyTone() {
        double sum = 0;
        double sq = 0;
        for (float f : recentPitch) {
            if (f == 0) {
                return false;
            }
            sum += f;
            sq += f * f;
        }
        double mean = sum / STEADY_FRAMES;
        double sd = Math.sqrt(Math.max(0, sq / STEADY_FRAMES - mean * mean));
        return sd / mean < 0.02;
    }
}
