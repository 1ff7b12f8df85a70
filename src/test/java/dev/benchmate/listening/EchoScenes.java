package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.SpeechRateConversion;
import dev.benchmate.testing.Voice;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated echo scenes: what Benchmate played, and the microphone hearing it through a simple
 * room (a direct path after a delay and a decaying tail of reflections), a person speaking at
 * known times, and a quiet noise floor. The echo's level is set relative to the person's.
 */
final class EchoScenes {
    static final int RATE = AudioClip.SPEECH_RATE;
    /** A long answer, as Benchmate speaks it (about 14 s). */
    static final String LONG_ANSWER = "The chip on the left is an LM317 adjustable voltage regulator. "
            + "Its middle pin is the output, and the tab is connected to it as well. "
            + "Set the voltage with two resistors: two hundred and forty ohms from output to adjust, "
            + "and a five kilohm trimmer from adjust to ground. Keep the input at least three volts above the output.";

    private EchoScenes() {
    }

    /** Something played at a time. */
    record Played(AudioClip clip, double at) {
    }

    /** A person's words at a time; {@code start} and {@code end} are where they are audible in the scene. */
    record Person(String what, AudioClip clip, double at, double start, double end) {
    }

    /** The room between Benchmate's speaker and its microphone. */
    record Room(double delayMs, double tailMs, double tailDb) {
        static final Room BENCH = new Room(40, 120, -8);
    }

    /** One scene: the microphone, what played (aligned with it), and where the person spoke. */
    record Scene(String name, float[] mic, float[] played, float[] echoAlone, List<Person> people) {
        AudioClip micClip() {
            return new AudioClip(mic, RATE);
        }

        AudioClip playedClip() {
            return new AudioClip(played, RATE);
        }

        double seconds() {
            return mic.length / (double) RATE;
        }
    }

    static AudioClip maryAnswer(String text) {
        return SpeechRateConversion.toSpeechRate(Voice.mary().synthesize(text));
    }

    /** A person's clip placed at a time; its audible extent found as the command tests find it. */
    static Person person(String what, AudioClip clip, double at) {
        AudioClip c = SpeechRateConversion.toSpeechRate(clip);
        double[] extent = SpokenCommands.wordExtent(c.samples());
        return new Person(what, c, at, at + extent[0], at + extent[1]);
    }

    /** A person's clip whose speech is known to be from {@code from} to {@code to} seconds into it (a recording with its own background). */
    static Person person(String what, AudioClip clip, double at, double from, double to) {
        return new Person(what, SpeechRateConversion.toSpeechRate(clip), at, at + from, at + to);
    }

    /** The same person and words at another time. */
    static Person moved(Person p, double at) {
        return new Person(p.what(), p.clip(), at, p.start() - p.at() + at, p.end() - p.at() + at);
    }

    /**
     * @param echoOverPersonDb the echo's level at the microphone over the person's (RMS over their sound)
     * @param personRms the person's level at the microphone (full scale 1.0)
     */
    static Scene scene(String name, double seconds, List<Played> played, List<Person> people, Room room,
            double echoOverPersonDb, double personRms, long seed) {
        int n = (int) (seconds * RATE);
        float[] ref = new float[n];
        for (Played p : played) {
            float[] s = SpeechRateConversion.toSpeechRate(p.clip()).samples();
            int at = (int) Math.round(p.at() * RATE);
            for (int i = 0; i < s.length && at + i < n; i++) {
                ref[at + i] += s[i];
            }
        }
        float[] echo = through(room, ref, seed);
        float[] voice = new float[n];
        for (Person p : people) {
            float[] s = p.clip().samples();
            double rms = rms(s, (int) ((p.start() - p.at()) * RATE), (int) ((p.end() - p.at()) * RATE));
            double g = personRms / rms;
            int at = (int) Math.round(p.at() * RATE);
            for (int i = 0; i < s.length && at + i < n; i++) {
                voice[at + i] += (float) (s[i] * g);
            }
        }
        double echoRms = activeRms(echo);
        double eg = echoRms > 0 ? personRms * Math.pow(10, echoOverPersonDb / 20) / echoRms : 0;
        float[] noise = WorkshopNoise.make(WorkshopNoise.Kind.PINK, seconds + 0.01, personRms / 300, seed + 1);
        float[] mic = new float[n];
        float[] echoAlone = new float[n];
        for (int i = 0; i < n; i++) {
            echoAlone[i] = (float) (echo[i] * eg);
            mic[i] = echoAlone[i] + voice[i] + noise[i];
        }
        return new Scene(name, mic, ref, echoAlone, people);
    }

    /** The room: the direct path after the delay, then reflections decaying by 60 dB over the tail length. */
    static float[] through(Room room, float[] x, long seed) {
        Random r = new Random(seed);
        int direct = (int) Math.round(room.delayMs() * RATE / 1000);
        int tail = (int) Math.round(room.tailMs() * RATE / 1000);
        List<int[]> taps = new ArrayList<>();
        List<Double> gains = new ArrayList<>();
        taps.add(new int[] {direct});
        gains.add(1.0);
        double tailGain = Math.pow(10, room.tailDb() / 20) / Math.sqrt(60);
        for (int k = 0; k < 60; k++) {
            int at = direct + 16 + r.nextInt(Math.max(1, tail - 16));
            double decay = Math.pow(10, -3.0 * (at - direct) / tail);
            taps.add(new int[] {at});
            gains.add(tailGain * decay * (r.nextBoolean() ? 1 : -1) * 3);
        }
        float[] y = new float[x.length];
        for (int t = 0; t < taps.size(); t++) {
            int d = taps.get(t)[0];
            float g = (float) (double) gains.get(t);
            for (int i = d; i < x.length; i++) {
                y[i] += g * x[i - d];
            }
        }
        // A small loudspeaker: no bass below ~150 Hz (one-pole high-pass).
        float prevX = 0;
        float prevY = 0;
        float a = 0.94f;
        for (int i = 0; i < y.length; i++) {
            float v = a * (prevY + y[i] - prevX);
            prevX = y[i];
            y[i] = v;
            prevY = v;
        }
        return y;
    }

    static double rms(float[] x, int from, int to) {
        double s = 0;
        from = Math.max(0, from);
        to = Math.min(x.length, to);
        for (int i = from; i < to; i++) {
            s += x[i] * x[i];
        }
        return Math.sqrt(s / Math.max(1, to - from));
    }

    /** RMS over the 10 ms frames within 30 dB of the loudest (the sound, not its pauses). */
    static double activeRms(float[] x) {
        int f = RATE / 100;
        double max = 0;
        double[] p = new double[x.length / f];
        for (int k = 0; k < p.length; k++) {
            p[k] = Math.pow(rms(x, k * f, (k + 1) * f), 2);
            max = Math.max(max, p[k]);
        }
        double s = 0;
        int c = 0;
        for (double v : p) {
            if (v > max / 1000) {
                s += v;
                c++;
            }
        }
        return c == 0 ? 0 : Math.sqrt(s / c);
    }

    /** The utterances the listening chain cuts from a scene, with echo cancellation in front of it. */
    static List<Utterance> listen(Scene scene, EchoCanceller canceller, int filterMs, EchoStats[] stats) {
        UtteranceRecorder recorder = new UtteranceRecorder(new TarsosSpeechDetector(), 300);
        List<Utterance> all = new ArrayList<>();
        try (EchoCancellingInput in = new EchoCancellingInput(new ClipInput(scene.micClip(), scene.name()),
                new RecordedReference(scene.playedClip()), canceller, filterMs)) {
            for (float[] b = in.read(); b != null; b = in.read()) {
                all.addAll(recorder.accept(b));
            }
            all.addAll(recorder.finish());
            if (stats != null) {
                stats[0] = in.stats();
            }
        }
        return all;
    }

    /** The same without echo cancellation (what listening does today). */
    static List<Utterance> listenPlain(Scene scene) {
        UtteranceRecorder recorder = new UtteranceRecorder(new TarsosSpeechDetector(), 300);
        List<Utterance> all = new ArrayList<>();
        ClipInput in = new ClipInput(scene.micClip(), scene.name());
        for (float[] b = in.read(); b != null; b = in.read()) {
            all.addAll(recorder.accept(b));
        }
        all.addAll(recorder.finish());
        return all;
    }
}
