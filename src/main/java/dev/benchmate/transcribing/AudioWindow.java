package dev.benchmate.transcribing;

/**
 * How much of Whisper's 30 s window the encoder works on for one utterance (whisper.cpp's
 * {@code audio_ctx}, in encoder positions of 20 ms). Whisper always pads the audio to 30 s and by
 * default encodes all 1500 positions, though a spoken question is a few seconds: sized to the
 * audio that exists, plus a margin, the encoder does a fraction of the work. The margin keeps the
 * end of the last word and the silence after it inside the window (a window cut at the audio's
 * end makes Whisper drop or invent the last word); the window never falls below what the audio
 * needs.
 */
public final class AudioWindow {
    /** Whisper's full window: 30 s of 20 ms encoder positions. */
    public static final int FULL = 1500;
    /** Encoder positions per second of audio. */
    public static final int PER_SECOND = 50;
    /** At least 1.28 s of margin (64 positions)… */
    static final int MIN_MARGIN = 64;
    /** …and at least a tenth of the audio. */
    static final double MARGIN_SHARE = 0.10;

    private AudioWindow() {
    }

    /**
     * The positions to encode for an utterance of this length: what the audio needs, a margin, at
     * most the full window.
     */
    public static int positionsFor(double seconds) {
        if (seconds <= 0) {
            return MIN_MARGIN;
        }
        int needed = (int) Math.ceil(seconds * PER_SECOND);
        int margin = Math.max(MIN_MARGIN, (int) Math.ceil(needed * MARGIN_SHARE));
        return Math.min(FULL, needed + margin);
    }
}
