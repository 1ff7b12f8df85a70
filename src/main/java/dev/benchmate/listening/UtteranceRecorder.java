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
    private final SpeechDetector detector;
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

    /** Called with each utterance as it is cut, before it is returned. */
    public void onUtterance(java.util.function.Consumer<Utterance> action) {
        this.onUtterance = action;
    }

    /** Called the moment speech starts (before the utterance is complete): the camera frame is taken then. */
    public void onSpeechStart(Runnable action) {
        this.onStart = action;
    }

    public UtteranceRecorder(SpeechDetector detector, int preRollMs) {
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
        return done;
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
