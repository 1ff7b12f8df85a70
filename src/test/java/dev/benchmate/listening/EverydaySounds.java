package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;

import java.util.Random;

/**
 * Sounds of a workshop that are not speech and must not start a turn: bells, beepers and alarms,
 * phone rings, clicks and typing, machines. 16 kHz, made with a fixed seed so every run hears the
 * same. Several sit where a voice does (a 220 Hz buzzer, a bell's 220 Hz hum, a motor spinning up
 * through 100–200 Hz), so pitch alone cannot tell them from speech.
 */
final class EverydaySounds {
    enum Kind {
        /** A large struck bell: hum, prime, tierce, quint, nominal partials (inharmonic), long decays. */
        BELL,
        /** A desk / bicycle bell: high inharmonic partials, struck twice a second for a while. */
        DESK_BELL,
        /** Ding-dong: two decaying tones with a few harmonics. */
        DOORBELL,
        /** A timer: 1 kHz sine, four 100 ms beeps, every second. */
        SINE_BEEPS,
        /** A reversing alarm: 1.2 kHz square wave, half a second on, half off. */
        SQUARE_BEEPS,
        /** A buzzer in the voice range: 220 Hz square wave, 250 ms on, 250 ms off. */
        LOW_BUZZER,
        /** A two-tone siren: 435 / 580 Hz with harmonics, alternating every half second. */
        TWO_TONE_SIREN,
        /** A wailing siren: a sine sweeping 500–1500 Hz and back every 4 s. */
        WAIL_SWEEP,
        /** A yelp: a sawtooth sweeping 200–700 Hz three times a second. */
        YELP_SWEEP,
        /** The North American ring: 440 + 480 Hz, 2 s on, 4 s off. */
        PHONE_RING_US,
        /** The British ring: 400 + 450 Hz, 0.4 s on, 0.2 s off, 0.4 s on, 2 s off. */
        PHONE_RING_UK,
        /** An electronic trill: 1100 / 1400 Hz alternating 20 times a second, 1 s on, 2 s off. */
        TRILL,
        /** A melodic ring tone: marimba-like notes (decaying partials) at 300–900 Hz, 150 ms each. */
        MELODY,
        /** Clicks: a metronome twice a second and relay click pairs. */
        CLICKS,
        /** Typing: key ticks in bursts of words, with pauses. */
        KEYBOARD,
        /** A ratchet: 25 hard ticks a second in strokes of half a second. */
        RATCHET,
        /** A compressor: piston thumps 20 times a second over a low rumble. */
        COMPRESSOR,
        /** An angle grinder: a 9 kHz whine over broadband noise, pressed and lifted. */
        GRINDER,
        /** A fan: low rumble with a 150 Hz blade tone that wobbles. */
        FAN,
        /** A drill started and stopped: its motor spins up and down through the voice range. */
        DRILL_BURSTS,
        /** A circular saw: a 300 Hz whine that sags to 200 Hz under load while cutting. */
        SAW
    }

    private static final double SR = AudioClip.SPEECH_RATE;

    private EverydaySounds() {
    }

    /** seconds of the sound at the given RMS level (linear, full scale 1.0), over its whole length. */
    static float[] make(Kind kind, double seconds, double rms, long seed) {
        int n = (int) (seconds * SR);
        Random r = new Random(seed);
        double[] x = new double[n];
        switch (kind) {
            case BELL -> {
                double[] ratios = {0.5, 1.0, 1.19, 1.5, 2.0, 2.51, 2.66, 3.01, 4.16};
                double[] decays = {4.0, 2.5, 2.0, 1.6, 1.2, 0.8, 0.7, 0.5, 0.3};
                for (double at = 0.2; at < seconds; at += 2.5 + r.nextDouble()) {
                    strike(x, at, 440, ratios, decays, r);
                }
            }
            case DESK_BELL -> {
                double[] ratios = {1.0, 2.76, 5.40, 8.93};
                double[] decays = {0.9, 0.4, 0.2, 0.1};
                for (double at = 0.2; at < seconds; at += 3) {
                    for (int k = 0; k < 4; k++) {
                        strike(x, at + k * 0.45, 2300, ratios, decays, r);
                    }
                }
            }
            case DOORBELL -> {
                double[] ratios = {1.0, 2.0, 3.0};
                double[] decays = {1.2, 0.6, 0.3};
                for (double at = 0.2; at < seconds; at += 3) {
                    strike(x, at, 660, ratios, decays, r);
                    strike(x, at + 0.6, 550, ratios, decays, r);
                }
            }
            case SINE_BEEPS -> {
                for (int i = 0; i < n; i++) {
                    double t = i / SR;
                    double inSecond = t % 1.0;
                    boolean on = inSecond < 0.8 && inSecond % 0.2 < 0.1;
                    x[i] = on ? Math.sin(2 * Math.PI * 1000 * t) : 0;
                }
            }
            case SQUARE_BEEPS -> {
                for (int i = 0; i < n; i++) {
                    double t = i / SR;
                    x[i] = t % 1.0 < 0.5 ? square(1200 * t) : 0;
                }
            }
            case LOW_BUZZER -> {
                for (int i = 0; i < n; i++) {
                    double t = i / SR;
                    x[i] = t % 0.5 < 0.25 ? square(220 * t) : 0;
                }
            }
            case TWO_TONE_SIREN -> {
                for (int i = 0; i < n; i++) {
                    double t = i / SR;
                    double f = t % 1.0 < 0.5 ? 435 : 580;
                    double v = 0;
                    for (int h = 1; h <= 5; h++) {
                        v += Math.sin(2 * Math.PI * f * h * t) / h;
                    }
                    x[i] = v;
                }
            }
            case WAIL_SWEEP -> {
                double phase = 0;
                for (int i = 0; i < n; i++) {
                    double t = i / SR;
                    double f = 1000 - 500 * Math.cos(2 * Math.PI * t / 4);
                    phase += 2 * Math.PI * f / SR;
                    x[i] = Math.sin(phase);
                }
            }
            case YELP_SWEEP -> {
                double cycles = 0;
                for (int i = 0; i < n; i++) {
                    double t = i / SR;
                    double f = 200 + 500 * ((t * 3) % 1.0);
                    cycles += f / SR;
                    x[i] = 2 * (cycles % 1.0) - 1;
                }
            }
            case PHONE_RING_US -> {
                for (int i = 0; i < n; i++) {
                    double t = i / SR;
                    boolean on = (t - 0.3 + 6) % 6 < 2 && t >= 0.3;
                    x[i] = on ? Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 480 * t) : 0;
                }
            }
            case PHONE_RING_UK -> {
                for (int i = 0; i < n; i++) {
                    double t = i / SR;
                    double c = (t - 0.3 + 3) % 3;
                    boolean on = t >= 0.3 && (c < 0.4 || (c >= 0.6 && c < 1.0));
                    x[i] = on ? Math.sin(2 * Math.PI * 400 * t) + Math.sin(2 * Math.PI * 450 * t) : 0;
                }
            }
            case TRILL -> {
                for (int i = 0; i < n; i++) {
                    double t = i / SR;
                    boolean on = (t - 0.3 + 3) % 3 < 1 && t >= 0.3;
                    double f = (t * 20) % 1.0 < 0.5 ? 1100 : 1400;
                    x[i] = on ? square(f * t) : 0;
                }
            }
            case MELODY -> {
                double[] notes = {523, 659, 784, 659, 587, 392, 440, 494, 330, 392, 523, 880};
                double[] ratios = {1.0, 3.93, 9.2};
                double[] decays = {0.25, 0.06, 0.02};
                int k = 0;
                for (double at = 0.3; at < seconds; at += 0.15) {
                    if ((at - 0.3) % 4 < 2.4) {
                        strike(x, at, notes[k++ % notes.length], ratios, decays, r);
                    }
                }
            }
            case CLICKS -> {
                for (double at = 0.25; at < seconds; at += 0.5) {
                    click(x, at, 0.002, 3500, r);
                }
                for (double at = 1.1; at < seconds; at += 1.7) {
                    click(x, at, 0.004, 1200, r);
                    click(x, at + 0.03, 0.004, 1500, r);
                }
            }
            case KEYBOARD -> {
                double at = 0.2;
                while (at < seconds) {
                    int keys = 3 + r.nextInt(7);
                    for (int k = 0; k < keys && at < seconds; k++) {
                        click(x, at, 0.006, 2500 + 2500 * r.nextDouble(), r);
                        click(x, at + 0.07 + 0.03 * r.nextDouble(), 0.004, 1800 + 1000 * r.nextDouble(), r);
                        at += 0.1 + 0.12 * r.nextDouble();
                    }
                    at += 0.2 + 0.5 * r.nextDouble();
                }
            }
            case RATCHET -> {
                for (double stroke = 0.2; stroke < seconds; stroke += 1.0) {
                    for (double at = stroke; at < stroke + 0.5 && at < seconds; at += 0.04) {
                        click(x, at, 0.003, 3000, r);
                    }
                }
            }
            case COMPRESSOR -> {
                double b = 0;
                for (int i = 0; i < n; i++) {
                    double t = i / SR;
                    b = 0.995 * b + 0.1 * r.nextGaussian();
                    double thump = Math.exp(-((t * 20) % 1.0) / 0.15) * Math.sin(2 * Math.PI * 90 * t);
                    x[i] = b + 2 * thump;
                }
            }
            case GRINDER -> {
                double hp = 0;
                double prev = 0;
                for (int i = 0; i < n; i++) {
                    double t = i / SR;
                    double w = r.nextGaussian();
                    hp = 0.7 * (hp + w - prev);
                    prev = w;
                    double load = (t % 2.0) < 1.2 ? 1.0 : 0.5;
                    double f = 7000 + 2000 * load;
                    x[i] = load * (hp + 0.5 * Math.sin(2 * Math.PI * f * t));
                }
            }
            case FAN -> {
                double b = 0;
                double phase = 0;
                for (int i = 0; i < n; i++) {
                    double t = i / SR;
                    b = 0.98 * b + 0.2 * r.nextGaussian();
                    phase += 2 * Math.PI * 150 * (1 + 0.01 * Math.sin(2 * Math.PI * 0.7 * t)) / SR;
                    x[i] = b + 0.5 * Math.sin(phase) + 0.2 * Math.sin(2 * phase);
                }
            }
            case DRILL_BURSTS -> {
                // Trigger pulled for 0.6–1.5 s every 2–3 s: spins up in 0.3 s, runs, spins down in 0.5 s.
                double phase = 0;
                double onAt = 0.3;
                double offAt = onAt + 0.6 + 0.9 * r.nextDouble();
                double speed = 0;
                for (int i = 0; i < n; i++) {
                    double t = i / SR;
                    if (t >= offAt + 1.0) {
                        onAt = t + 0.5 + r.nextDouble();
                        offAt = onAt + 0.6 + 0.9 * r.nextDouble();
                    }
                    boolean on = t >= onAt && t < offAt;
                    speed += on ? (1 - speed) / (0.1 * SR) : -speed / (0.2 * SR);
                    phase += 2 * Math.PI * 200 * speed / SR;
                    double v = 0;
                    for (int h = 1; h <= 10; h++) {
                        v += Math.sin(h * phase) / Math.sqrt(h);
                    }
                    x[i] = speed * (v + 0.4 * r.nextGaussian());
                }
            }
            case SAW -> {
                double phase = 0;
                for (int i = 0; i < n; i++) {
                    double t = i / SR;
                    double c = t % 3.0;
                    double load = c > 1.0 && c < 2.2 ? Math.min(1, Math.min(c - 1.0, 2.2 - c) / 0.3) : 0;
                    double f = 300 - 100 * load;
                    phase += 2 * Math.PI * f / SR;
                    double v = 0;
                    for (int h = 1; h <= 8; h++) {
                        v += Math.sin(h * phase + h) / h;
                    }
                    x[i] = v + (0.3 + 0.8 * load) * r.nextGaussian();
                }
            }
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) x[i];
        }
        return WorkshopNoise.scale(out, rms);
    }

    private static double square(double cycles) {
        return (cycles % 1.0) < 0.5 ? 1 : -1;
    }

    /** A struck object: partials at ratios of the base frequency, each decaying with its own time. */
    private static void strike(double[] x, double at, double base, double[] ratios, double[] decays, Random r) {
        int from = (int) (at * SR);
        double longest = 0;
        for (double d : decays) {
            longest = Math.max(longest, d);
        }
        int len = (int) (5 * longest * SR);
        double[] phases = new double[ratios.length];
        for (int p = 0; p < phases.length; p++) {
            phases[p] = 2 * Math.PI * r.nextDouble();
        }
        for (int i = 0; i < len && from + i < x.length; i++) {
            double t = i / SR;
            double v = 0;
            for (int p = 0; p < ratios.length; p++) {
                v += Math.exp(-t / decays[p]) * Math.sin(2 * Math.PI * base * ratios[p] * t + phases[p]) / (1 + 0.3 * p);
            }
            x[from + i] += v * Math.min(1, i / 16.0);
        }
    }

    /** A click: a few milliseconds of noise ringing at a resonance. */
    private static void click(double[] x, double at, double decay, double resonance, Random r) {
        int from = (int) (at * SR);
        for (int i = 0; i < (int) (8 * decay * SR) && from + i < x.length; i++) {
            double t = i / SR;
            x[from + i] += Math.exp(-t / decay) * (0.5 * r.nextGaussian() + Math.sin(2 * Math.PI * resonance * t));
        }
    }
}
