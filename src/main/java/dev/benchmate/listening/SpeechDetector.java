package dev.benchmate.listening;

import java.util.List;

/**
 * The port to a speech detector: 16 kHz mono samples in, in order and in blocks of any size;
 * speech start and end events out, stamped in seconds since the first sample.
 */
public interface SpeechDetector {
    List<SpeechEvent> accept(float[] samples);

    /** The audio has ended: closes an utterance still open. */
    List<SpeechEvent> finish();

    /** Whether an utterance is open. */
    boolean inSpeech();

    /**
     * Where the last speech of the open utterance ended (seconds since the first sample), so a
     * listener can tell a pause inside it; NaN when no utterance is open or the detector does not say.
     */
    default double lastSpeechSeconds() {
        return Double.NaN;
    }
}
