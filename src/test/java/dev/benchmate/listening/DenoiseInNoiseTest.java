package dev.benchmate.listening;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.bindings.NativeLibraryMissingException;
import dev.benchmate.media.AudioClip;
import dev.benchmate.media.WavFiles;
import dev.benchmate.testing.SimulatedNpu;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Whether speexdsp's noise suppression (and AGC) in front of the speech detector helps it on the
 * workshop-noise cases of {@link SpeechDetectorInNoiseTest} (jfk.wav under six noises at 20, 10, 5
 * and 0 dB): frame precision and recall with each setting against the detector alone. A setting is
 * on by default only where it helps: the default must do at least as well as the detector alone,
 * summed over the cases.
 */
class DenoiseInNoiseTest {
    @Test
    void theDefaultPreprocessingDoesNotHurtTheDetectorInWorkshopNoise() {
        AudioClip jfk = WavFiles.read(SimulatedNpu.sharedData("jfk.wav"));
        double speechRms = SpeechDetectorInNoiseTest.speechRms(jfk);
        EchoSettings[] settings = {
            EchoSettings.DEFAULTS.withPreprocessing(false, false, false),
            EchoSettings.DEFAULTS.withPreprocessing(true, false, false),
            EchoSettings.DEFAULTS.withPreprocessing(true, true, false),
            EchoSettings.DEFAULTS.withPreprocessing(false, false, true)};
        String[] names = {"detector alone", "denoise", "denoise+AGC", "dereverb"};
        double[] score = new double[settings.length];
        System.out.println("noise      SNR  " + String.join(" | ", names) + "  (precision/recall)");
        for (WorkshopNoise.Kind kind : WorkshopNoise.Kind.values()) {
            for (int snr : new int[] {20, 10, 5, 0}) {
                float[] mixed = WorkshopNoise.under(jfk, speechRms, kind, snr);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-9s %3d dB", kind, snr));
                for (int s = 0; s < settings.length; s++) {
                    AudioClip heard = s == 0 ? new AudioClip(mixed, AudioClip.SPEECH_RATE) : preprocessed(mixed, settings[s]);
                    var spans = Utterances.detect(new TarsosSpeechDetector(), heard);
                    double[] pr = SpeechDetectorInNoiseTest.precisionRecall(spans, jfk.seconds());
                    // F1 over frames: one number per case.
                    score[s] += pr[0] + pr[1] == 0 ? 0 : 2 * pr[0] * pr[1] / (pr[0] + pr[1]);
                    line.append(String.format(Locale.ROOT, "  %.2f/%.2f", pr[0], pr[1]));
                }
                System.out.println(line);
            }
        }
        StringBuilder total = new StringBuilder("sum of F1 over the 24 cases:");
        for (int s = 0; s < settings.length; s++) {
            total.append(String.format(Locale.ROOT, " %s %.2f;", names[s], score[s]));
        }
        System.out.println(total);
        EchoSettings d = EchoSettings.DEFAULTS;
        int chosen = d.agc() ? 2 : d.denoise() ? 1 : d.dereverb() ? 3 : 0;
        assertTrue(score[chosen] >= score[0] - 0.01, "the default (" + names[chosen] + ") does worse than the detector alone: "
                + total);
    }

    @Test
    void noiseAloneThroughTheDefaultPreprocessingStartsNothing() {
        List<String> triggered = new ArrayList<>();
        for (WorkshopNoise.Kind kind : WorkshopNoise.Kind.values()) {
            for (double level : new double[] {0.01, 0.1, 0.5}) {
                float[] both = WorkshopNoise.afterQuiet(kind, level);
                var spans = Utterances.detect(new TarsosSpeechDetector(), preprocessed(both, EchoSettings.DEFAULTS));
                if (!spans.isEmpty()) {
                    triggered.add(kind + " at RMS " + level + ": " + spans);
                }
            }
        }
        assertTrue(triggered.isEmpty(), "noise started turns: " + triggered);
    }

    /** The microphone through the preprocessor alone (nothing plays, so nothing is cancelled). */
    static AudioClip preprocessed(float[] mic, EchoSettings settings) {
        EchoCanceller c;
        try {
            c = SpeexEchoCanceller.open(Optional.empty(), settings);
        } catch (NativeLibraryMissingException e) {
            Assumptions.assumeTrue(false, "skipped: " + e.getMessage());
            return null;
        }
        List<float[]> blocks = new ArrayList<>();
        int n = 0;
        try (c; EchoCancellingInput in = new EchoCancellingInput(new ClipInput(new AudioClip(mic, 16000), "mix"),
                into -> { java.util.Arrays.fill(into, 0f); return false; }, c, settings.filterMs())) {
            for (float[] b = in.read(); b != null; b = in.read()) {
                blocks.add(b);
                n += b.length;
            }
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] b : blocks) {
            System.arraycopy(b, 0, out, at, b.length);
            at += b.length;
        }
        return new AudioClip(out, AudioClip.SPEECH_RATE);
    }
}
