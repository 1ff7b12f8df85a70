package dev.benchmate.speaking;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.Pacing;
import dev.benchmate.media.WavFiles;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A speaker that records into a WAV file what a listener in the room would hear: it plays at the
 * device's pace (a write returns when all but the last 100 ms could have been heard, as a sound
 * card's buffer does), keeps the silences between answers in real time, and a stop drops what was
 * still buffered. The file is written on close. Audio of another rate is converted to the first one's.
 */
public final class RealTimeWavSink implements AudioSink {
    /** As much audio as a sound card holds ahead of what is heard. */
    private static final double BUFFER_SECONDS = 0.1;
    private final Path file;
    private long startNanos = System.nanoTime();
    private float[] samples = new float[0];
    private int size;
    private int rate;

    public RealTimeWavSink(Path file) {
        this.file = file;
    }

    @Override
    public void write(AudioClip block) {
        long due;
        synchronized (this) {
            if (rate == 0) {
                rate = block.sampleRate();
            }
            float[] s = block.sampleRate() == rate ? block.samples()
                    : WavFileSink.resample(block.samples(), block.sampleRate(), rate);
            int now = heardUpTo();
            if (size < now) {
                grow(now - size);
                Arrays.fill(samples, size, now, 0f); // silence since the last write, kept in real time
                size = now;
            }
            grow(s.length);
            System.arraycopy(s, 0, samples, size, s.length);
            size += s.length;
            due = startNanos + (long) ((size / (double) rate - BUFFER_SECONDS) * 1e9);
        }
        sleepUntil(due);
    }

    /** Samples that a listener has heard by now. */
    private int heardUpTo() {
        return rate == 0 ? 0 : (int) ((System.nanoTime() - startNanos) / 1e9 * rate);
    }

    private void grow(int more) {
        if (size + more > samples.length) {
            samples = Arrays.copyOf(samples, Math.max(samples.length * 2, size + more));
        }
    }

    private static void sleepUntil(long due) {
        Pacing.sleepUntil(due); // an interrupt is a stop: the caller sees its flag
    }

    /**
     * Time starts now: what the file holds lines up with a recording replayed from this moment
     * (the service calls it when its replayed microphone starts). What was written before is dropped.
     */
    public synchronized void restartClock() {
        startNanos = System.nanoTime();
        size = 0;
        rate = 0;
    }

    /** What is still in the "buffer" (not yet heard) is dropped, as a flushed sound card drops it. */
    @Override
    public synchronized void stopNow() {
        size = Math.min(size, Math.max(heardUpTo(), 0));
    }

    @Override
    public void drain() {
        long due;
        synchronized (this) {
            due = rate == 0 ? 0 : startNanos + (long) (size / (double) rate * 1e9);
        }
        sleepUntil(due);
    }

    /** Writes the file, up to now (an empty one when nothing was said). */
    @Override
    public synchronized void close() {
        int end = Math.max(size, heardUpTo());
        grow(end - size);
        Arrays.fill(samples, size, end, 0f);
        WavFiles.write(new AudioClip(Arrays.copyOf(samples, end), rate == 0 ? 16_000 : rate), file);
    }
}
