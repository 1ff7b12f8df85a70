package dev.benchmate.media;

import be.tarsos.dsp.resample.Resampler;

/**
 * Turns interleaved PCM of any common layout into 16 kHz mono floats: channels are averaged, and
 * other rates (44.1 / 48 kHz microphones) go through TarsosDSP's band-limited resampler, which
 * filters out what 16 kHz cannot carry instead of folding it back as aliasing.
 */
public final class SpeechRateConversion {
    private final int channels;
    private final double factor;
    private final Resampler resampler;

    public SpeechRateConversion(float sourceRate, int channels) {
        if (sourceRate < 8000 || channels < 1) {
            throw new AudioFormatException("cannot use audio at " + sourceRate + " Hz with " + channels
                    + " channels (need at least 8 kHz and one channel)");
        }
        this.channels = channels;
        this.factor = AudioClip.SPEECH_RATE / (double) sourceRate;
        this.resampler = factor == 1.0 ? null : new Resampler(true, factor, factor);
    }

    /** Converts one block of interleaved float samples; keeps filter state between blocks. */
    public float[] convert(float[] interleaved, int frames, boolean last) {
        float[] mono = new float[frames];
        for (int i = 0; i < frames; i++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += interleaved[i * channels + c];
            }
            mono[i] = sum / channels;
        }
        if (resampler == null) {
            return mono;
        }
        float[] out = new float[(int) Math.ceil(frames * factor) + 64];
        Resampler.Result r = resampler.process(factor, mono, 0, frames, last, out, 0, out.length);
        float[] exact = new float[r.outputSamplesGenerated];
        System.arraycopy(out, 0, exact, 0, exact.length);
        return exact;
    }

    /** A mono clip at any rate, as 16 kHz. */
    public static AudioClip toSpeechRate(AudioClip clip) {
        if (clip.sampleRate() == AudioClip.SPEECH_RATE) {
            return clip;
        }
        float[] s = clip.samples();
        return new AudioClip(new SpeechRateConversion(clip.sampleRate(), 1).convert(s, s.length, true),
                AudioClip.SPEECH_RATE);
    }
}
