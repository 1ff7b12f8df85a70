package dev.benchmate.media;

/**
 * Hears every block the speaker plays (answers and earcons) as it is handed to the device, so the
 * echo canceller knows what the microphone will hear of it. Any thread may call it; it returns at
 * once and never waits for the listener.
 */
@FunctionalInterface
public interface PlaybackTap {
    /** Nobody listens. */
    PlaybackTap NONE = block -> { };

    void played(AudioClip block);

    /**
     * The same, saying whether the device had run dry before this block (it then began after a
     * gap the clock cannot see exactly).
     */
    default void played(AudioClip block, boolean afterGap) {
        played(block);
    }
}
