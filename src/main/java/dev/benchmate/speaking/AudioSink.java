package dev.benchmate.speaking;

import dev.benchmate.media.AudioClip;

/** The port to a speaker: plays blocks of audio in order, at the pace of the device. */
public interface AudioSink extends AutoCloseable {
    /** Queues a block for playback; blocks while the device's buffer is full (so: about real time). */
    void write(AudioClip block);

    /**
     * Stops at once: what is queued is dropped and a blocked write returns. (A sink that holds
     * nothing back, a file or a timer, has nothing to stop.)
     */
    default void stopNow() {
    }

    /**
     * Whether the last write found the device with nothing left to play: that block then began
     * after a gap, however short (false where the device cannot tell). The echo canceller checks
     * where such a block lands against the microphone.
     */
    default boolean ranDry() {
        return false;
    }

    /** Waits until everything written has been heard (at once for a sink that holds nothing back). */
    default void drain() {
    }

    @Override
    default void close() {
    }
}
