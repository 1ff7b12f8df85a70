package dev.benchmate.listening;

/** The port to a source of 16 kHz mono audio, read in small blocks (about 20 ms). */
public interface AudioInput extends AutoCloseable {
    /** The next block, blocking until it is there; null when the source has ended. */
    float[] read();

    /** Where the audio comes from, for logs. */
    String describe();

    @Override
    void close();
}
