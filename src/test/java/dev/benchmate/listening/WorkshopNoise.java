package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;
import java.util.Random;

/** Workshop noises made by the tests, 16 kHz, with a fixed seed so every run hears the same. */
final class WorkshopNoise {
    enum Kind { WHITE, PINK, HUM_50, HUM_100, HAMMER, DRILL }

    private WorkshopNoise() {
    }

    /** seconds of the noise at the given RMS level (linear, full scale 1.0). */
    /** The speech with this noise added at this SNR (against the speech's own RMS, speechRms). */
    static float[] under(AudioClip speech, double speechRms, Kind kind, int snrDb) {
        float[] noise = make(kind, speech.seconds(), speechRms / Math.pow(10, snrDb / 20.0), 11);
        float[] mixed = new float[speech.samples().length];
        for (int i = 0; i < mixed.length; i++) {
            mixed[i] = speech.samples()[i] + (i < noise.length ? noise[i] : 0);
        }
        return mixed;
    }

    /** Two seconds of near-silence, then 10 s of this noise arriving abruptly: noise alone must start nothing. */
    static float[] afterQuiet(Kind kind, double rms) {
        float[] quiet = make(Kind.WHITE, 2, 0.0005, 1);
        float[] noise = make(kind, 10, rms, 7);
        float[] both = new float[quiet.length + noise.length];
        System.arraycopy(quiet, 0, both, 0, quiet.length);
        System.arraycopy(noise, 0, both, quiet.length, noise.length);
        return both;
    }

    static float[] make(Kind kind, double seconds, double rms, long seed) {
        int n = (int) (seconds * AudioClip.SPEECH_RATE);
        Random r = new Random(seed);
        float[] x = new float[n];
        double sr = AudioClip.SPEECH_RATE;
        switch (kind) {
            case WHITE -> {
                for (int i = 0; i < n; i++) {
                    x[i] = (float) r.nextGaussian();
                }
            }
            case PINK -> {
                // Paul Kellet's filter over white noise: -3 dB per octave.
                double b0 = 0, b1 = 0, b2 = 0;
                for (int i = 0; i < n; i++) {
                    double w = r.nextGaussian();
                    b0 = 0.99765 * b0 + w * 0.0990460;
                    b1 = 0.96300 * b1 + w * 0.2965164;
                    b2 = 0.57000 * b2 + w * 1.0526913;
                    x[i] = (float) (b0 + b1 + b2 + w * 0.1848);
                }
            }
            case HUM_50, HUM_100 -> {
                double f = kind == Kind.HUM_50 ? 50 : 100;
                for (int i = 0; i < n; i++) {
                    double t = i / sr;
                    double v = 0;
                    for (int h = 1; h <= 8; h++) {
                        v += Math.sin(2 * Math.PI * f * h * t + h) / h;
                    }
                    x[i] = (float) (v + 0.02 * r.nextGaussian());
                }
            }
            case HAMMER -> {
                // Blows every 0.4–0.9 s: a click and a metallic ring that dies within ~60 ms.
                int next = (int) (0.3 * sr);
                while (next < n) {
                    double ring = 2000 + r.nextDouble() * 2500;
                    for (int i = 0; i < (int) (0.12 * sr) && next + i < n; i++) {
                        double t = i / sr;
                        double env = Math.exp(-t / 0.015);
                        x[next + i] += (float) (env * (0.6 * r.nextGaussian() + Math.sin(2 * Math.PI * ring * t)));
                    }
                    next += (int) ((0.4 + r.nextDouble() * 0.5) * sr);
                }
            }
            case DRILL -> {
                // A motor whine near 180 Hz with harmonics, a slow ±1.5 % wobble, and chuck rattle.
                double phase = 0;
                for (int i = 0; i < n; i++) {
                    double t = i / sr;
                    double f = 180 * (1 + 0.015 * Math.sin(2 * Math.PI * 3 * t));
                    phase += 2 * Math.PI * f / sr;
                    double v = 0;
                    for (int h = 1; h <= 12; h++) {
                        v += Math.sin(h * phase) / Math.sqrt(h);
                    }
                    x[i] = (float) (v + 0.3 * r.nextGaussian());
                }
            }
        }
        return scale(x, rms);
    }

    static float[] scale(float[] x, double rms) {
        double sum = 0;
        for (float v : x) {
            sum += v * v;
        }
        double k = rms / Math.sqrt(sum / x.length + 1e-20);
        for (int i = 0; i < x.length; i++) {
            x[i] *= (float) k;
        }
        return x;
    }
}
