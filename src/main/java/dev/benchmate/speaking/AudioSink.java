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

    /** Waits until everything written has been heard (at once for a sink that holds nothing back). */
    default void drain() {
    }

    @Override
    default void close() {
    }
}
