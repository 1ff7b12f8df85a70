package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.SpeechRateConversion;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.testing.Voice;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sentences spoken by MaryTTS, with pauses between them, mixed with workshop noise at 20, 10, 5
 * and 0 dB SNR. The truth is the clean speech itself: a 10 ms frame is speech where the clean
 * signal is within 35 dB of its loudest frame. Precision and recall are printed per condition.
 */
class SpeechDetectorOnSynthesizedSpeechTest {
    static final String[] SENTENCES = {
        "What is written on this chip?",
        "Is the left wire brown or red?",
        "And the one beside it?",
        "How many pins does the connector have?"};
    static float[] clean;
    static boolean[] truth;

    @BeforeAll
    static void speak() {
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        for (String s : SENTENCES) {
            float[] silence = new float[(int) (1.2 * AudioClip.SPEECH_RATE)];
            float[] speech = SpeechRateConversion.toSpeechRate(Voice.mary().synthesize(s)).samples();
            parts.add(silence);
            parts.add(speech);
            total += silence.length + speech.length;
        }
        parts.add(new float[AudioClip.SPEECH_RATE]);
        total += AudioClip.SPEECH_RATE;
        clean = new float[total];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, clean, at, p.length);
            at += p.length;
        }
        truth = groundTruth(clean);
    }

    static boolean[] groundTruth(float[] x) {
        int frame = AudioClip.SPEECH_RATE / 100;
        double[] db = new double[x.length / frame];
        double max = -200;
        for (int f = 0; f < db.length; f++) {
            double sum = 0;
            for (int i = f * frame; i < (f + 1) * frame; i++) {
                sum += x[i] * x[i];
            }
            db[f] = 10 * Math.log10(sum / frame + 1e-12);
            max = Math.max(max, db[f]);
        }
        boolean[] t = new boolean[db.length];
        for (int f = 0; f < db.length; f++) {
            t[f] = db[f] > max - 35;
        }
        // Short gaps inside a sentence (stops, pauses under 200 ms) are part of the utterance.
        for (int f = 0; f < t.length; f++) {
            if (!t[f]) {
                int end = f;
                while (end < t.length && !t[end]) {
                    end++;
                }
                if (f > 0 && end < t.length && end - f < 20) {
                    for (int g = f; g < end; g++) {
                        t[g] = true;
                    }
                }
                f = end;
            }
        }
        return t;
    }

    @Test
    void precisionAndRecallInWorkshopNoise() {
        double speechRms = rmsWhere(clean, truth);
        System.out.println("MaryTTS sentences in   SNR  precision  recall");
        for (WorkshopNoise.Kind kind : WorkshopNoise.Kind.values()) {
            for (int snr : new int[] {20, 10, 5, 0}) {
                float[] noise = WorkshopNoise.make(kind, clean.length / 16000.0 + 1, speechRms / Math.pow(10, snr / 20.0), 5);
                float[] mixed = new float[clean.length];
                for (int i = 0; i < mixed.length; i++) {
                    mixed[i] = clean[i] + noise[i];
                }
                var spans = Utterances.detect(new TarsosSpeechDetector(), new AudioClip(mixed, 16000));
                int tp = 0;
                int fp = 0;
                int fn = 0;
                for (int f = 0; f < truth.length; f++) {
                    double t = f / 100.0;
                    boolean detected = spans.stream().anyMatch(s -> s.start() <= t && t < s.end());
                    if (truth[f] && detected) {
                        tp++;
                    } else if (detected) {
                        fp++;
                    } else if (truth[f]) {
                        fn++;
                    }
                }
                double precision = tp / (double) Math.max(1, tp + fp);
                double recall = tp / (double) Math.max(1, tp + fn);
                System.out.printf("%-22s %3d dB   %.2f     %.2f%n", kind, snr, precision, recall);
                if (snr >= 10) {
                    assertTrue(precision >= 0.7 && recall >= 0.7, kind + " at " + snr + " dB: " + spans);
                }
            }
        }
    }

    @Test
    void cleanSentencesAreFourUtterances() {
        var spans = Utterances.detect(new TarsosSpeechDetector(), new AudioClip(clean, 16000));
        assertTrue(spans.size() == SENTENCES.length, "one utterance per sentence: " + spans);
    }

    static double rmsWhere(float[] x, boolean[] mask) {
        double sum = 0;
        long n = 0;
        int frame = 160;
        for (int f = 0; f < mask.length; f++) {
            if (mask[f]) {
                for (int i = f * frame; i < (f + 1) * frame; i++) {
                    sum += x[i] * x[i];
                    n++;
                }
            }
        }
        return Math.sqrt(sum / n);
    }
}
