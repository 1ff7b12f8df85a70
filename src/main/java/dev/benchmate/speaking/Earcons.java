package dev.benchmate.speaking;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.WavFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The short sounds that tell a person what Benchmate is doing without words: listening (a rising
 * two-note chime), thinking (two soft low pulses), error (a falling two-note chime). Generated
 * tones; the WAVs in audio/ are this class's output ({@code java ... Earcons audio} rewrites them).
 */
public final class Earcons {
    public enum Kind { LISTENING, THINKING, ERROR }

    /** MaryTTS's rate, so the speaker line is not reopened between an earcon and an answer. */
    static final int RATE = 48_000;

    private Earcons() {
    }

    public static AudioClip of(Kind kind) {
        return switch (kind) {
            case LISTENING -> notes(new double[] {660, 880}, 0.09, 0.02);
            case THINKING -> notes(new double[] {440, 440}, 0.07, 0.08);
            case ERROR -> notes(new double[] {494, 330}, 0.12, 0.03);
        };
    }

    /** Notes of a given length with a gap between them; soft attack and release so nothing clicks. */
    private static AudioClip notes(double[] hz, double noteSeconds, double gapSeconds) {
        int note = (int) (noteSeconds * RATE);
        int gap = (int) (gapSeconds * RATE);
        float[] out = new float[hz.length * note + (hz.length - 1) * gap];
        int fade = RATE / 200;
        for (int n = 0; n < hz.length; n++) {
            int start = n * (note + gap);
            for (int i = 0; i < note; i++) {
                double env = Math.min(1, Math.min(i, note - 1 - i) / (double) fade);
                double t = i / (double) RATE;
                double v = Math.sin(2 * Math.PI * hz[n] * t) + 0.3 * Math.sin(2 * Math.PI * 2 * hz[n] * t);
                out[start + i] = (float) (0.25 * env * v / 1.3);
            }
        }
        return new AudioClip(out, RATE);
    }

    public static Path fileName(Path dir, Kind kind) {
        return dir.resolve(kind.name().toLowerCase(java.util.Locale.ROOT) + ".wav");
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "audio");
        Files.createDirectories(dir);
        for (Kind k : Kind.values()) {
            WavFiles.write(of(k), fileName(dir, k));
        }
    }
}
