package dev.benchmate.listening;

/**
 * How the echo canceller runs: frame length (10 or 20 ms), filter length (the echo tail it can
 * cancel, 100–500 ms; longer adapts more slowly), and what the preprocessor does after it.
 */
public record EchoSettings(int frameMs, int filterMs, boolean denoise, boolean agc, boolean dereverb) {
    public static final int DEFAULT_FILTER_MS = 200;
    public static final EchoSettings DEFAULTS = new EchoSettings(20, DEFAULT_FILTER_MS, true, false, false);

    public EchoSettings {
        if (frameMs != 10 && frameMs != 20) {
            throw new IllegalArgumentException("an echo canceller frame is 10 or 20 ms, got " + frameMs);
        }
        if (filterMs < 20 || filterMs > 1000) {
            throw new IllegalArgumentException("benchmate.listening.echo-filter-ms must be 20 to 1000, got " + filterMs);
        }
    }

    public int frameSize() {
        return 16 * frameMs;
    }

    public int filterSamples() {
        int frames = (16 * filterMs + frameSize() - 1) / frameSize();
        return frames * frameSize();
    }

    public EchoSettings withFilterMs(int ms) {
        return new EchoSettings(frameMs, ms, denoise, agc, dereverb);
    }

    public EchoSettings withPreprocessing(boolean denoise, boolean agc, boolean dereverb) {
        return new EchoSettings(frameMs, filterMs, denoise, agc, dereverb);
    }
}
