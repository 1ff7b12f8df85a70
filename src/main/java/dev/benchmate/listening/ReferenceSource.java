package dev.benchmate.listening;

/** What the speaker played, sample for sample in step with the microphone, for the echo canceller. */
public interface ReferenceSource {
    /**
     * Fills {@code into} with the next played samples (zeros where nothing played); never waits.
     *
     * @return whether any of them was played
     */
    boolean next(float[] into);

    /**
     * How many times so far the speaker started again after running dry, counted as the capture
     * side reaches those moments: where such a start lands against capture is known only to a few
     * milliseconds (0 for a recording, which is one unbroken stretch).
     */
    default long restarts() {
        return 0;
    }

    /** Played samples dropped because the capture side fell behind (0 for a recording). */
    default long dropped() {
        return 0;
    }
}
