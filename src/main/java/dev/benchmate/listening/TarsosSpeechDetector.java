package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;

import be.tarsos.dsp.pitch.FastYin;
import be.tarsos.dsp.pitch.PitchDetectionResult;
import be.tarsos.dsp.util.fft.FFT;
import be.tarsos.dsp.util.fft.HannWindow;
import java.util.ArrayList;
import java.util.List;

/**
 * Speech detection that holds up in a workshop. Loudness alone is not enough there: fans, drills,
 * hum and hammer blows are loud. A frame counts as speech only when it is
 * <ul>
 *   <li>loud against an adaptive noise floor (the quietest frame of the last two seconds, so a
 *       machine that keeps running becomes the floor),</li>
 *   <li>voiced: TarsosDSP's YIN finds a pitch in the range of a voice (70–400 Hz),</li>
 *   <li>with its energy in the speech band (250–3800 Hz) rather than in mains hum,</li>
 *   <li>and not a steady tone: a voice's pitch moves, a motor's stays put.</li>
 * </ul>
 * A possible start is 4 of 6 consecutive speech frames (about 100 ms), so a hammer blow is not
 * one; it becomes a start, stamped back to its first frame, once the next 320 ms move like a
 * voice (see {@link #verifyCandidate}). Speech ends after the configured silence, or at the
 * maximum utterance length.
 */
public final class TarsosSpeechDetector implements SpeechDetector {
    static final int FRAME = 512;
    static final int HOP = 256;
    private static final int RATE = AudioClip.SPEECH_RATE;
    private static final int FLOOR_FRAMES = 2 * RATE / HOP;
    private static final int ONSET_WINDOW = 6;
    private static final int ONSET_NEEDED = 4;
    private static final int STEADY_FRAMES = 30;
    /** About 320 ms: how long a possible start is watched before it is called speech. */
    private static final int VERIFY_FRAMES = 20;
    /** About 250 ms: how far from a voiced frame an unvoiced one still belongs to the word. */
    private static final int CONSONANT_FRAMES = 16;

    private final SpeechDetectorSettings settings;
    private final FastYin yin = new FastYin(RATE, FRAME);
    private final FFT fft = new FFT(FRAME, new HannWindow());
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
    private int candidateFrames;
    private double candidateStart;
    private final List<Float> candidatePitch = new ArrayList<>();
    private final List<Double> candidateDb = new ArrayList<>();

    public TarsosSpeechDetector(SpeechDetectorSettings settings) {
        this.settings = settings;
        java.util.Arrays.fill(recentDb, Double.NaN);
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
                frame(pending.clone(), events);
                System.arraycopy(pending, HOP, pending, 0, FRAME - HOP);
                pendingCount = FRAME - HOP;
            }
        }
        return events;
    }

    @Override
    public List<SpeechEvent> finish() {
        List<SpeechEvent> events = new ArrayList<>();
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

    /**
     * A voice moves: within the first third of a second its pitch varies or its loudness rises and
     * falls with syllables. A machine that starts up (a drill) stays level in both; it is dropped.
     */
    private void verifyCandidate(float pitchHz, double db, List<SpeechEvent> events) {
        candidateFrames++;
        if (pitchHz > 0) {
            candidatePitch.add(pitchHz);
        }
        candidateDb.add(db);
        if (candidateFrames < VERIFY_FRAMES) {
            return;
        }
        boolean voiceLike = relativeSpread(candidatePitch) > 0.02 || range(candidateDb) > 6.0;
        candidateFrames = 0;
        if (voiceLike) {
            inSpeech = true;
            speechStart = candidateStart;
            lastSpeechFrame = frameIndex;
            lastActiveEnd = frameIndex * (double) HOP / RATE + (double) FRAME / RATE;
            events.add(SpeechEvent.start(speechStart));
        }
    }

    private static double relativeSpread(List<Float> values) {
        if (values.size() < 3) {
            return 0;
        }
        double mean = values.stream().mapToDouble(Float::doubleValue).average().orElse(0);
        double var = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).average().orElse(0);
        return Math.sqrt(var) / mean;
    }

    private static double range(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0)
                - values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private void frame(float[] x, List<SpeechEvent> events) {
        double start = frameIndex * (double) HOP / RATE;
        double end = start + (double) FRAME / RATE;
        int slot = (int) (frameIndex % ONSET_WINDOW);

        double db = energyDb(x);
        double floor = noiseFloor(db);
        PitchDetectionResult pitch = yin.getPitch(x);
        boolean voiced = pitch.isPitched() && pitch.getProbability() > 0.8 && pitch.getPitch() >= 70
                && pitch.getPitch() <= 400;
        recentPitch[(int) (frameIndex % STEADY_FRAMES)] = voiced ? pitch.getPitch() : 0;
        double speechBand = speechBandShare(x);
        boolean speech = db > floor + settings.onsetDb() && voiced && speechBand > 0.35 && !steadyTone();
        recentSpeech[slot] = speech;

        if (!inSpeech) {
            if (candidateFrames > 0) {
                verifyCandidate(voiced ? pitch.getPitch() : 0, db, events);
            } else if (speech && onset()) {
                candidateStart = firstSpeechFrameStart(start);
                candidateFrames = 1;
                candidatePitch.clear();
                candidateDb.clear();
                candidatePitch.add(pitch.getPitch());
                candidateDb.add(db);
            }
        } else {
            if (speech) {
                lastSpeechFrame = frameIndex;
            }
            // Unvoiced sounds (s, f, t) keep an utterance going only next to voiced ones, so
            // loud background noise after the last word does not.
            boolean consonant = db > floor + settings.holdDb() && speechBand > 0.25
                    && frameIndex - lastSpeechFrame <= CONSONANT_FRAMES;
            if (speech || consonant) {
                lastActiveEnd = end;
            }
            if (end - lastActiveEnd >= settings.endSilenceMs() / 1000.0) {
                events.add(SpeechEvent.end(lastActiveEnd));
                inSpeech = false;
            } else if (end - speechStart >= settings.maxUtteranceMs() / 1000.0) {
                events.add(SpeechEvent.end(end));
                inSpeech = false;
                java.util.Arrays.fill(recentSpeech, false);
            }
        }
        frameIndex++;
    }

    private boolean onset() {
        int n = 0;
        for (boolean s : recentSpeech) {
            n += s ? 1 : 0;
        }
        return n >= ONSET_NEEDED;
    }

    /** The earliest speech frame of the onset window, so the start is not late by the window. */
    private double firstSpeechFrameStart(double currentStart) {
        double earliest = currentStart;
        for (int k = 1; k < ONSET_WINDOW && frameIndex - k >= 0; k++) {
            if (recentSpeech[(int) ((frameIndex - k) % ONSET_WINDOW)]) {
                earliest = (frameIndex - k) * (double) HOP / RATE;
            }
        }
        return earliest;
    }

    private static double energyDb(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += v * v;
        }
        return 10 * Math.log10(sum / x.length + 1e-12);
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

    private double speechBandShare(float[] x) {
        float[] buf = x.clone();
        fft.forwardTransform(buf);
        float[] mag = new float[FRAME / 2];
        fft.modulus(buf, mag);
        double total = 1e-12;
        double band = 0;
        for (int k = 1; k < mag.length; k++) {
            double p = mag[k] * mag[k];
            double hz = k * (double) RATE / FRAME;
            total += p;
            if (hz >= 250 && hz <= 3800) {
                band += p;
            }
        }
        return band / total;
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
