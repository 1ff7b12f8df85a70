package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.WavFiles;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.testing.SimulatedNpu;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Workshop noise: alone it must never start a turn; mixed with real speech (jfk.wav) at 20, 10,
 * 5 and 0 dB SNR, frame-level precision and recall against the known speech are printed.
 */
class SpeechDetectorInNoiseTest {
    /** The speech of jfk.wav, between its pauses (DESIGN.md). */
    static final double[][] SPEECH = {{0.32, 2.1}, {3.3, 4.3}, {5.4, 7.6}, {8.2, 10.2}};

    @Test
    void noiseAloneNeverStartsATurn() {
        List<String> triggered = new ArrayList<>();
        for (WorkshopNoise.Kind kind : WorkshopNoise.Kind.values()) {
            for (double level : new double[] {0.01, 0.1, 0.5}) {
                float[] both = WorkshopNoise.afterQuiet(kind, level);
                var spans = Utterances.detect(new TarsosSpeechDetector(), new AudioClip(both, AudioClip.SPEECH_RATE));
                if (!spans.isEmpty()) {
                    triggered.add(kind + " at RMS " + level + ": " + spans);
                }
            }
        }
        assertTrue(triggered.isEmpty(), "noise started turns: " + triggered);
    }

    @Test
    void speechInNoisePrecisionAndRecall() {
        AudioClip jfk = WavFiles.read(SimulatedNpu.sharedData("jfk.wav"));
        double speechRms = speechRms(jfk);
        System.out.println("condition           SNR  precision  recall");
        for (WorkshopNoise.Kind kind : WorkshopNoise.Kind.values()) {
            for (int snr : new int[] {20, 10, 5, 0}) {
                float[] mixed = WorkshopNoise.under(jfk, speechRms, kind, snr);
                var spans = Utterances.detect(new TarsosSpeechDetector(), new AudioClip(mixed, AudioClip.SPEECH_RATE));
                double[] pr = precisionRecall(spans, jfk.seconds());
                System.out.printf("%-18s %3d dB   %.2f     %.2f%n", kind, snr, pr[0], pr[1]);
                if (snr >= 10) {
                    assertTrue(pr[1] >= 0.7 && pr[0] >= 0.7,
                            kind + " at " + snr + " dB: precision " + pr[0] + ", recall " + pr[1] + " " + spans);
                }
            }
        }
    }

    static double speechRms(AudioClip clip) {
        double sum = 0;
        int n = 0;
        for (double[] s : SPEECH) {
            for (int i = (int) (s[0] * 16000); i < (int) (s[1] * 16000); i++) {
                sum += clip.samples()[i] * clip.samples()[i];
                n++;
            }
        }
        return Math.sqrt(sum / n);
    }

    /** Over 10 ms frames: precision = detected frames that are speech, recall = speech frames detected. */
    static double[] precisionRecall(List<Utterances.Span> spans, double seconds) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (double t = 0; t < seconds; t += 0.01) {
            double at = t;
            boolean truth = java.util.Arrays.stream(SPEECH).anyMatch(s -> s[0] <= at && at < s[1]);
            boolean detected = spans.stream().anyMatch(s -> s.start() <= at && at < s.end());
            if (truth && detected) {
                tp++;
            } else if (detected) {
                fp++;
            } else if (truth) {
                fn++;
            }
        }
        return new double[] {tp / (double) Math.max(1, tp + fp), tp / (double) Math.max(1, tp + fn)};
    }
}
