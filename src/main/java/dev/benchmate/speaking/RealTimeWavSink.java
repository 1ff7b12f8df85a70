package dev.benchmate.speaking;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.Pacing;
import java.nio.file.Path;

/**
 * A speaker that records into a WAV file what a listener in the room would hear: it plays at the
 * device's pace (a write returns when all but the last 100 ms could have been heard, as a sound
 * card's buffer does), keeps the silences between answers in real time, and a stop drops what was
 * still buffered. The file is written on close.
 */
public final class RealTimeWavSink implements AudioSink {
    /** As much audio as a sound card holds ahead of what is heard. */
    private static final double BUFFER_SECONDS = 0.1;
    private final Path file;
    private final WavRecording recording = new WavRecording();
    private long startNanos = System.nanoTime();

    public RealTimeWavSink(Path file) {
        this.file = file;
    }

    @Override
    public void write(AudioClip block) {
        long due;
        synchronized (this) {
            if (recording.rate() == 0) {
                recording.append(new AudioClip(new float[0], block.sampleRate())); // the rate time is counted in
            }
            recording.padTo(heardUpTo()); // silence since the last write, kept in real time
            recording.append(block);
            due = startNanos + (long) ((recording.size() / (double) recording.rate() - BUFFER_SECONDS) * 1e9);
        }
        Pacing.sleepUntil(due); // an interrupt is a stop: the caller sees its flag
    }

    /** Samples that a listener has heard by now. */
    private int heardUpTo() {
        return recording.rate() == 0 ? 0 : (int) ((System.nanoTime() - startNanos) / 1e9 * recording.rate());
    }

    /**
     * Time starts now: what the file holds lines up with a recording replayed from this moment
     * (the service calls it when its replayed microphone starts). What was written before is dropped.
     */
    public synchronized void restartClock() {
        startNanos = System.nanoTime();
        recording.clear();
    }

    /** What is still in the "buffer" (not yet heard) is dropped, as a flushed sound card drops it. */
    @Override
    public synchronized void stopNow() {
        recording.truncate(heardUpTo());
    }

    @Override
    public void drain() {
        long due;
        synchronized (this) {
            due = recording.rate() == 0 ? 0 : startNanos + (long) (recording.size() / (double) recording.rate() * 1e9);
        }
        Pacing.sleepUntil(due);
    }

    /** Writes the file, up to now (an empty one when nothing was said). */
    @Override
    public synchronized void close() {
        recording.padTo(heardUpTo());
        recording.writeTo(file);
    }
}
