package dev.benchmate.listening;

/**
 * The port to an acoustic echo canceller and the preprocessor after it (noise suppression, gain),
 * on 16 kHz mono frames of {@link #frameSize()} samples, full scale 1.0. One capture thread calls it.
 */
public interface EchoCanceller extends AutoCloseable {
    int frameSize();

    /**
     * {@code out} = {@code mic} without the echo of {@code played}, the audio that went to the
     * speaker aligned so that its echo comes no earlier than in {@code mic}.
     */
    void cancel(float[] mic, float[] played, float[] out);

    /**
     * Noise suppression / gain in place; {@code afterCancel}: the frame is the one just cancelled,
     * so the canceller's residual echo is suppressed too.
     */
    void preprocess(float[] frame, boolean afterCancel);

    /** Whether {@link #preprocess} changes anything (denoise, AGC or dereverb on). */
    boolean preprocessing();

    /** Forgets the echo path learnt so far. */
    void reset();

    /** What it is, for logs. */
    String describe();

    @Override
    void close();
}
