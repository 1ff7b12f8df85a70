package dev.benchmate.speaking;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.WavFiles;
import java.nio.file.Path;

/** A "speaker" that records everything it is given into a WAV file, as fast as it comes. */
public final class WavFileSink implements AudioSink {
    private final Path file;
    private float[] samples = new float[0];
    private int size;
    private int rate;

    public WavFileSink(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void write(AudioClip block) {
        if (rate == 0) {
            rate = block.sampleRate();
        }
        float[] s = block.sampleRate() == rate ? block.samples() : resample(block.samples(), block.sampleRate(), rate);
        if (size + s.length > samples.length) {
            samples = java.util.Arrays.copyOf(samples, Math.max(samples.length * 2, size + s.length));
        }
        System.arraycopy(s, 0, samples, size, s.length);
        size += s.length;
    }

    /** Linear interpolation: enough for joining a second voice's sentences into the same file. */
    static float[] resample(float[] s, int from, int to) {
        float[] out = new float[(int) ((long) s.length * to / from)];
        for (int i = 0; i < out.length; i++) {
            double x = i * (double) from / to;
            int k = (int) x;
            float next = k + 1 < s.length ? s[k + 1] : s[Math.min(k, s.length - 1)];
            out[i] = (float) (s[Math.min(k, s.length - 1)] + (next - s[Math.min(k, s.length - 1)]) * (x - k));
        }
        return out;
    }

    @Override
    public void stopNow() {
    }

    @Override
    public void drain() {
    }

    /** Writes the file (an empty one when nothing was spoken). */
    @Override
    public synchronized void close() {
        WavFiles.write(new AudioClip(java.util.Arrays.copyOf(samples, size), rate == 0 ? 16_000 : rate), file);
    }
}
