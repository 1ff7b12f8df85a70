package dev.benchmate.media;

/**
 * Signed 16-bit little-endian PCM and floats in [-1, 1]: the one place the two are converted
 * (WAV files, the speaker, the microphone, the phrase spotter).
 */
public final class Pcm {
    private Pcm() {
    }

    /** One float sample as a 16-bit value, clipped. */
    public static short toShort(float sample) {
        return (short) Math.max(-32768, Math.min(32767, Math.round(sample * 32767f)));
    }

    public static short[] toShorts(float[] samples) {
        short[] pcm = new short[samples.length];
        for (int i = 0; i < samples.length; i++) {
            pcm[i] = toShort(samples[i]);
        }
        return pcm;
    }

    /** Floats as 16-bit little-endian bytes. */
    public static byte[] toBytes(float[] samples) {
        byte[] pcm = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            short v = toShort(samples[i]);
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        return pcm;
    }

    /** The first {@code length} bytes of 16-bit little-endian PCM as floats in [-1, 1). */
    public static float[] toFloats(byte[] pcm, int length) {
        float[] f = new float[length / 2];
        for (int i = 0; i < f.length; i++) {
            int lo = pcm[2 * i] & 0xFF;
            int hi = pcm[2 * i + 1];
            f[i] = ((hi << 8) | lo) / 32768f;
        }
        return f;
    }
}
