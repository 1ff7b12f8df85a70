package dev.benchmate.media;

/** Mono audio as floats in [-1, 1] at a sample rate; what the listening chain works on. */
public record AudioClip(float[] samples, int sampleRate) {
    /** The rate Vosk, Whisper and the speech detector work at. */
    public static final int SPEECH_RATE = 16_000;

    public double seconds() {
        return samples.length / (double) sampleRate;
    }

    public AudioClip slice(double fromSeconds, double toSeconds) {
        int from = Math.max(0, (int) Math.round(fromSeconds * sampleRate));
        int to = Math.min(samples.length, (int) Math.round(toSeconds * sampleRate));
        float[] part = new float[Math.max(0, to - from)];
        System.arraycopy(samples, from, part, 0, part.length);
        return new AudioClip(part, sampleRate);
    }
}
