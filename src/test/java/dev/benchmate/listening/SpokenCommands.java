package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.WavFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Short commands as a person says them to Benchmate, and the scene they are heard in: a command
 * clip is placed two seconds into a bed of near-silence or of workshop noise at a given SNR, so the
 * noise floor is settled before it, and followed by 1.5 s of the same bed.
 */
final class SpokenCommands {
    /** The one- and two-word commands of {@link Phrases}, as spoken sentences. */
    static final String[] COMMANDS = {"Stop.", "Look.", "Repeat.", "Start over.", "New conversation.", "Say again.",
        "Take a look."};
    static final double BEFORE = 2.0;
    static final double AFTER = 1.5;

    /** Where a scene is heard: near-silence, or a workshop noise this many dB under the speech. */
    record Bed(WorkshopNoise.Kind noise, double snrDb) {
        static final Bed QUIET = new Bed(null, Double.POSITIVE_INFINITY);

        @Override
        public String toString() {
            return noise == null ? "quiet" : noise + " " + (int) snrDb + " dB";
        }
    }

    /** The clip placed in its bed, and where the word is in the result (seconds). */
    record Scene(String name, Bed bed, float[] samples, double wordStart, double wordEnd) {
        AudioClip clip() {
            return new AudioClip(samples, AudioClip.SPEECH_RATE);
        }
    }

    private SpokenCommands() {
    }

    static Scene scene(String name, AudioClip speech, Bed bed) {
        float[] s = speech.samples().clone();
        double peak = 1e-9;
        for (float v : s) {
            peak = Math.max(peak, Math.abs(v));
        }
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (s[i] / peak * 0.5);
        }
        double[] word = wordExtent(s);
        double seconds = BEFORE + s.length / (double) AudioClip.SPEECH_RATE + AFTER;
        float[] noise = bed.noise() == null
                ? WorkshopNoise.make(WorkshopNoise.Kind.WHITE, seconds, 0.0005, 1)
                : WorkshopNoise.make(bed.noise(), seconds, rms(s, word) / Math.pow(10, bed.snrDb() / 20), 3);
        int offset = (int) (BEFORE * AudioClip.SPEECH_RATE);
        for (int i = 0; i < s.length && offset + i < noise.length; i++) {
            noise[offset + i] += s[i];
        }
        return new Scene(name, bed, noise, BEFORE + word[0], BEFORE + word[1]);
    }

    /** The word inside a clip: from the first to the last 10 ms within 35 dB of the loudest. */
    static double[] wordExtent(float[] x) {
        int frame = AudioClip.SPEECH_RATE / 100;
        int frames = x.length / frame;
        double[] db = new double[frames];
        double max = Double.NEGATIVE_INFINITY;
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int i = f * frame; i < (f + 1) * frame; i++) {
                sum += x[i] * x[i];
            }
            db[f] = 10 * Math.log10(sum / frame + 1e-12);
            max = Math.max(max, db[f]);
        }
        int first = 0;
        while (db[first] < max - 35) {
            first++;
        }
        int last = frames - 1;
        while (db[last] < max - 35) {
            last--;
        }
        return new double[] {first / 100.0, (last + 1) / 100.0};
    }

    private static double rms(float[] x, double[] extent) {
        double sum = 0;
        int from = (int) (extent[0] * AudioClip.SPEECH_RATE);
        int to = (int) (extent[1] * AudioClip.SPEECH_RATE);
        for (int i = from; i < to; i++) {
            sum += x[i] * x[i];
        }
        return Math.sqrt(sum / Math.max(1, to - from));
    }

    /** A stretch of a recording, with 10 ms fades so the cut itself does not click. */
    static AudioClip cut(AudioClip recording, double from, double to) {
        float[] s = recording.slice(from, to).samples().clone();
        int fade = AudioClip.SPEECH_RATE / 100;
        for (int i = 0; i < fade && i < s.length; i++) {
            s[i] *= i / (float) fade;
            s[s.length - 1 - i] *= i / (float) fade;
        }
        return new AudioClip(s, recording.sampleRate());
    }

    static boolean espeakInstalled() {
        try {
            Process p = new ProcessBuilder("espeak-ng", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** espeak-ng speaking text with a voice at a speed (words per minute), as 16 kHz. */
    static AudioClip espeak(String text, String voice, int wordsPerMinute) {
        try {
            Path wav = Files.createTempFile("benchmate-espeak", ".wav");
            try {
                List<String> command = new ArrayList<>(List.of("espeak-ng", "-v", voice, "-s",
                        Integer.toString(wordsPerMinute), "-w", wav.toString(), text));
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("espeak-ng " + command + " failed: " + output);
                }
                return WavFiles.read(wav);
            } finally {
                Files.deleteIfExists(wav);
            }
        } catch (IOException e) {
            throw new IllegalStateException("espeak-ng could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
