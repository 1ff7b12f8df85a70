package dev.benchmate.speaking;

import dev.benchmate.media.AudioClip;
import java.nio.file.Path;

/** A "speaker" that records everything it is given into a WAV file, as fast as it comes (written on close). */
public final class WavFileSink implements AudioSink {
    private final Path file;
    private final WavRecording recording = new WavRecording();

    public WavFileSink(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void write(AudioClip block) {
        recording.append(block);
    }

    /** Writes the file (an empty one when nothing was spoken). */
    @Override
    public synchronized void close() {
        recording.writeTo(file);
    }
}
