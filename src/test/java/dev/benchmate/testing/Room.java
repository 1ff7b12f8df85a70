package dev.benchmate.testing;

import dev.benchmate.listening.AudioInput;
import dev.benchmate.media.AudioClip;
import dev.benchmate.media.SpeechRateConversion;
import dev.benchmate.speaking.AudioSink;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * A SIMULATED room (a test instrument) with a speaker and a microphone in it, both in real time:
 * what the speaker plays reaches the microphone after a direct path and a few reflections, a
 * person's words can be placed a given time after the speaker began, and a quiet noise floor is
 * always there. The speaker takes as long as its audio lasts and drops what it holds when stopped.
 */
public final class Room {
    public static final int RATE = AudioClip.SPEECH_RATE;
    private static final int BLOCK = RATE / 50;
    /** The longest a room test lasts. */
    private final float[] air = new float[RATE * 120];
    private final long t0 = System.nanoTime();
    private final int delay;
    private final float gain;
    private final Random noise = new Random(7);
    private int written;
    private int ranDry;
    private volatile int firstPlayed = -1;
    private volatile AudioClip person;
    private volatile double personAfter;
    private volatile float personGain;

    /**
     * @param delayMs the direct path from speaker to microphone
     * @param gain the direct path's gain (reflections follow at 60 %, 35 % and 20 % of it)
     */
    public Room(double delayMs, double gain) {
        this.delay = (int) Math.round(delayMs * RATE / 1000);
        this.gain = (float) gain;
        new SpeechRateConversion(48000, 1).convert(new float[960], 960, false); // its slow first use, not the speaker's
    }

    /** The person says this clip this long after the speaker's next sound begins, at this gain. */
    public synchronized void personSays(AudioClip words, double secondsAfterSpeakerBegins, double wordsGain) {
        this.firstPlayed = -1;
        this.personAfter = secondsAfterSpeakerBegins;
        this.personGain = (float) wordsGain;
        this.person = SpeechRateConversion.toSpeechRate(words);
    }

    /** When the person's words begin ({@link System#nanoTime()}), once placed and the speaker began; else -1. */
    public synchronized long personStartsNanos() {
        return firstPlayed < 0 || person == null ? -1 : t0 + (long) ((firstPlayed / (double) RATE + personAfter) * 1e9);
    }

    /** When the speaker first played ({@link System#nanoTime()}); else -1. */
    public synchronized long speakerBeganNanos() {
        return firstPlayed < 0 ? -1 : t0 + (long) (firstPlayed * 1e9 / RATE);
    }

    private int now() {
        return (int) ((System.nanoTime() - t0) * RATE / 1_000_000_000L);
    }

    /** How often the speaker ran dry for less than 200 ms (its writer fell behind within speech). */
    public synchronized int ranDry() {
        return ranDry;
    }

    private SpeechRateConversion converter;
    private int convertedRate;

    /** The speaker's audio at 16 kHz, converted as one stream (block by block it would click at every block). */
    private synchronized float[] toSpeechRate(AudioClip block) {
        if (block.sampleRate() == RATE) {
            return block.samples();
        }
        if (converter == null || convertedRate != block.sampleRate()) {
            converter = new SpeechRateConversion(block.sampleRate(), 1);
            convertedRate = block.sampleRate();
        }
        return converter.convert(block.samples(), block.samples().length, false);
    }

    /** The speaker in the room. */
    public AudioSink speaker() {
        return new AudioSink() {
            private volatile boolean stopped;
            private volatile boolean dryBefore;

            @Override
            public void write(AudioClip block) {
                float[] s = toSpeechRate(block);
                int at;
                synchronized (Room.this) {
                    stopped = false;
                    at = Math.max(written, now()); // as a device takes a block: once it is ready for it
                    dryBefore = at > written;
                    if (at > written && written > 0 && at - written < RATE / 5) {
                        ranDry++; // within a stretch of speech: the writer fell behind the device
                    }
                    if (firstPlayed < 0 && s.length > 0) {
                        firstPlayed = at;
                    }
                    for (int i = 0; i < s.length && at + i < air.length; i++) {
                        air[at + i] += s[i];
                    }
                    written = at + s.length;
                }
                // The device holds up to 100 ms (as the Java Sound speaker's line does) and takes more as it plays.
                long until = t0 + (long) ((written - RATE / 10) * 1e9 / RATE);
                while (!stopped && System.nanoTime() < until) {
                    LockSupport.parkNanos(1_000_000);
                }
            }

            /** As a device that knows its buffer ran empty (an underrun) says so. */
            @Override
            public boolean ranDry() {
                return dryBefore;
            }

            @Override
            public void stopNow() {
                stopped = true;
                synchronized (Room.this) {
                    int from = now();
                    for (int i = Math.max(0, from); i < Math.min(written, air.length); i++) {
                        air[i] = 0;
                    }
                    written = Math.min(written, Math.max(0, from));
                }
            }
        };
    }

    /** The microphone in the room: 20 ms blocks, each when it has been heard. */
    public AudioInput microphone() {
        return new AudioInput() {
            private int read = now();
            private volatile boolean closed;

            @Override
            public float[] read() {
                long until = t0 + (long) ((read + BLOCK) * 1e9 / RATE);
                while (!closed && System.nanoTime() < until) {
                    LockSupport.parkNanos(1_000_000);
                }
                if (closed || read + BLOCK >= air.length) {
                    return null;
                }
                float[] b = new float[BLOCK];
                AudioClip words = person;
                int wordsAt = -1;
                synchronized (Room.this) {
                    if (words != null && firstPlayed >= 0) {
                        wordsAt = firstPlayed + (int) Math.round(personAfter * RATE);
                    }
                    for (int i = 0; i < BLOCK; i++) {
                        int t = read + i;
                        float v = echo(t, delay, 1f) + echo(t, delay + 37, 0.6f) + echo(t, delay + 91, -0.35f)
                                + echo(t, delay + 173, 0.2f);
                        if (wordsAt >= 0 && t >= wordsAt && t - wordsAt < words.samples().length) {
                            v += personGain * words.samples()[t - wordsAt];
                        }
                        b[i] = v + (float) (noise.nextGaussian() * 1e-4);
                    }
                }
                read += BLOCK;
                return b;
            }

            private float echo(int t, int d, float g) {
                return t - d >= 0 ? gain * g * air[t - d] : 0f;
            }

            @Override
            public String describe() {
                return "a SIMULATED room's microphone (test instrument)";
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }
}
