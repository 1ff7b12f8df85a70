package dev.benchmate.looking;

import dev.benchmate.media.Picture;

import java.util.Optional;

/** The port to a camera: the latest frame, taken at once (never waits for the next one). */
public interface Camera extends AutoCloseable {
    /** The most recent frame, or empty while no camera delivers one (unplugged, starting). */
    Optional<Picture> latestFrame();

    String describe();

    @Override
    void close();
}
