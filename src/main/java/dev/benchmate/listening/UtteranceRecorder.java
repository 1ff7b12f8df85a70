package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts utterances out of a stream of audio with a speech detector. It keeps the last pre-roll of
 * audio at all times, because the detector only knows that speech started after hearing some of
 * it: the utterance's audio starts a pre-roll before the detected start.
 */
public final class UtteranceRecorder {
    /** The default pause: shorter than the silence that ends an utterance (700 ms by default). */
    public static final int DEFAULT_PAUSE_MS = 300;
    /** Speech before a pause, from the utterance's start: a breath after the first word is no pause. */
    static final double SPEECH_BEFORE_PAUSE_SECONDS = 1.0;
    /** Audio so far is offered up to this long (Whisper's window); a longer utterance is not offered. */
    static final int MAX_OFFERED_SAMPLES = 30 * AudioClip.SPEECH_RATE;
    private final SpeechDetector detector;
    private final double pauseSeconds;
    /** The end of the speech before the last pause offered in the current utterance. */
    private double pauseOfferedAt = Double.NaN;
    private final int preRollSamples;
    private final float[] history;
    private long samplesSeen;
    private FloatBuffer current;
    private double currentStart;

    /** A growable float array. */
    private static final class FloatBuffer {
        float[] data = new float[AudioClip.SPEECH_RATE * 4];
        int size;

        void add(float[] block, int from, int count) {
            if (size + count > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, size + count));
            }
            System.arraycopy(block, from, data, size, count);
            size += count;
        }
    }

    private Runnable onStart = () -> { };
    private java.util.function.Consumer<Utterance> onUtterance = u -> { };
    private java.util.function.Consumer<AudioClip> onPause;

    /**
     * Called, on the thread that feeds the recorder, at each pause inside an utterance (a silence of
     * the pause length after at least a second of speech) with a copy of the utterance's audio so
     * far, pre-roll included: the utterance that follows begins with exactly these samples. The
     * action must return at once (hand the clip on, never work on it there).
     */
    public void onPause(java.util.function.Consumer<AudioClip> action) {
        this.onPause = action;
    }

    /** Called with each utterance as it is cut, before it is returned. */
    public void onUtterance(java.util.function.Consumer<Utterance> action) {
        this.onUtterance = action;
    }

    /** Called the moment speech starts (before the utterance is complete): the camera frame is taken then. */
    public void onSpeechStart(Runnable action) {
        this.onStart = action;
    }

    public UtteranceRecorder(SpeechDetector detector, int preRollMs) {
        this(detector, preRollMs, DEFAULT_PAUSE_MS);
    }

    /** @param pauseMs the silence inside an utterance that counts as a pause (shorter than the one that ends it) */
    public UtteranceRecorder(SpeechDetector detector, int preRollMs, int pauseMs) {
        if (pauseMs <= 0) {
            throw new IllegalArgumentException("a pause must be longer than 0 ms, got " + pauseMs);
        }
        this.pauseSeconds = pauseMs / 1000.0;
        this.detector = detector;
        this.preRollSamples = AudioClip.SPEECH_RATE * preRollMs / 1000;
        // Enough history for the pre-roll plus the detector's own look-back before it reports a start
        // (up to about 1.3 s: it watches a possible start for up to 0.8 s and stamps it up to 0.4 s
        // before the voice, over the consonants that lead into it).
        this.history = new float[preRollSamples + 2 * AudioClip.SPEECH_RATE];
    }

    /** Feeds a block; returns the utterances that ended in it. */
    public List<Utterance> accept(float[] block) {
        List<Utterance> done = new ArrayList<>();
        List<SpeechEvent> events = detector.accept(block);
        remember(block);
        if (current != null) {
            current.add(block, 0, block.length);
        }
        for (SpeechEvent e : events) {
            handle(e, done);
        }
        offerPause();
        return done;
    }

    /** At a pause inside the open utterance, once per pause, a copy of its audio so far. */
    private void offerPause() {
        java.util.function.Consumer<AudioClip> action = onPause;
        if (action == null || current == null || !detector.inSpeech()) {
            return;
        }
        double lastSpeech = detector.lastSpeechSeconds();
        double now = samplesSeen / (double) AudioClip.SPEECH_RATE;
        if (Double.isNaN(lastSpeech) || now - lastSpeech < pauseSeconds
                || lastSpeech - currentStart < SPEECH_BEFORE_PAUSE_SECONDS
                || lastSpeech == pauseOfferedAt || current.size > MAX_OFFERED_SAMPLES) {
            return;
        }
        pauseOfferedAt = lastSpeech;
        action.accept(new AudioClip(java.util.Arrays.copyOf(current.data, current.size), AudioClip.SPEECH_RATE));
    }

    /** The audio has ended. */
    public List<Utterance> finish() {
        List<Utterance> done = new ArrayList<>();
        for (SpeechEvent e : detector.finish()) {
            handle(e, done);
        }
        return done;
    }

    public boolean inSpeech() {
        return detector.inSpeech();
    }

    private void handle(SpeechEvent e, List<Utterance> done) {
        if (e.kind() == SpeechEvent.Kind.START) {
            onStart.run();
            currentStart = e.seconds();
            pauseOfferedAt = Double.NaN;
            current = new FloatBuffer();
            long from = Math.max(0, Math.round(e.seconds() * AudioClip.SPEECH_RATE) - preRollSamples);
            from = Math.max(from, samplesSeen - history.length);
            float[] preRoll = new float[(int) (samplesSeen - from)];
            for (int i = 0; i < preRoll.length; i++) {
                preRoll[i] = history[(int) ((from + i) % history.length)];
            }
            current.add(preRoll, 0, preRoll.length);
        } else if (current != null) {
            double audioStart = (samplesSeen - current.size) / (double) AudioClip.SPEECH_RATE;
            int keep = (int) Math.min(current.size, Math.round((e.seconds() - audioStart) * AudioClip.SPEECH_RATE)
                    + AudioClip.SPEECH_RATE / 10);
            float[] audio = java.util.Arrays.copyOf(current.data, Math.max(0, keep));
            Utterance u = new Utterance(currentStart, e.seconds(), new AudioClip(audio, AudioClip.SPEECH_RATE));
            onUtterance.accept(u);
            done.add(u);
            current = null;
        }
    }

    private void remember(float[] block) {
        for (float v : block) {
            history[(int) (samplesSeen % history.length)] = v;
            samplesSeen++;
        }
    }
}
