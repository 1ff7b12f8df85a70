package dev.benchmate.speaking;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.WavFiles;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Audio collected for a WAV file, at the rate of its first block (later blocks of another rate, a
 * second voice's, are converted). Not thread-safe: its sink guards it.
 */
final class WavRecording {
    private float[] samples = new float[0];
    private int size;
    private int rate;

    /** The rate, once the first block set it; 0 before. */
    int rate() {
        return rate;
    }

    int size() {
        return size;
    }

    void append(AudioClip block) {
        if (rate == 0) {
            rate = block.sampleRate();
        }
        float[] s = block.sampleRate() == rate ? block.samples() : resample(block.samples(), block.sampleRate(), rate);
        grow(s.length);
        System.arraycopy(s, 0, samples, size, s.length);
        size += s.length;
    }

    /** Silence up to this many samples (nothing when it holds that many already). */
    void padTo(int length) {
        if (length > size) {
            grow(length - size);
            Arrays.fill(samples, size, length, 0f);
            size = length;
        }
    }

    /** Drops what lies beyond this many samples. */
    void truncate(int length) {
        size = Math.max(0, Math.min(size, length));
    }

    void clear() {
        size = 0;
        rate = 0;
    }

    private void grow(int more) {
        if (size + more > samples.length) {
            samples = Arrays.copyOf(samples, Math.max(samples.length * 2, size + more));
        }
    }

    /** Writes it (an empty file at 16 kHz when nothing was recorded). */
    void writeTo(Path file) {
        WavFiles.write(new AudioClip(Arrays.copyOf(samples, size), rate == 0 ? 16_000 : rate), file);
    }

    /** Linear interpolation: enough for joining a second voice's sentences into the same file. */
    static float[] resample(float[] s, int from, int to) {
        float[] out = new float[(int) ((long) s.length * to / from)];
        for (int i = 0; i < out.length; i++) {
            double x = i * (double) from / to;
            int k = Math.min((int) x, s.length - 1);
            float next = k + 1 < s.length ? s[k + 1] : s[k];
            out[i] = (float) (s[k] + (next - s[k]) * (x - (int) x));
        }
        return out;
    }
}
