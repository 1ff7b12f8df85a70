package dev.benchmate.cli;

import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.app.ListeningSetup;
import dev.benchmate.listening.ClipInput;
import dev.benchmate.listening.EchoCanceller;
import dev.benchmate.listening.EchoCancellingInput;
import dev.benchmate.listening.EchoSettings;
import dev.benchmate.listening.RecordedReference;
import dev.benchmate.listening.ReferenceSource;
import dev.benchmate.listening.SpeexEchoCanceller;
import dev.benchmate.media.AudioClip;
import dev.benchmate.media.WavFiles;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What echo cancellation costs on this machine, per second of 16 kHz audio: the whole path in
 * front of the speech detector (canceller, preprocessor, delay estimate, detection gate) while
 * audio plays, the speexdsp calls alone, and the path while nothing plays. CPU time of the
 * capture thread, medians of several runs.
 */
@Command(name = "bench-echo", mixinStandardHelpOptions = true,
        description = "Measure the CPU that echo cancellation and preprocessing take per second of 16 kHz audio.")
public class EchoBenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "WAV", description = "Speech to play as Benchmate's voice (any rate).")
    Path wav;

    @Option(names = "--runs", defaultValue = "7", description = "Runs per figure (default ${DEFAULT-VALUE}); the median is printed.")
    int runs;

    @Inject
    BenchmateConfig config;

    @Override
    public Integer call() {
        return CommandFailures.run("bench-echo", this::bench);
    }

    private int bench() {
        EchoSettings settings = ListeningSetup.echoSettings(config.listening());
        AudioClip played = dev.benchmate.media.SpeechRateConversion.toSpeechRate(WavFiles.read(wav));
        // The microphone: what played, 40 ms later and a little quieter, with a faint noise floor.
        float[] mic = new float[played.samples().length];
        Random r = new Random(1);
        for (int i = 0; i < mic.length; i++) {
            mic[i] = (i >= 640 ? 0.7f * played.samples()[i - 640] : 0f) + (float) (0.0005 * r.nextGaussian());
        }
        AudioClip micClip = new AudioClip(mic, AudioClip.SPEECH_RATE);
        AudioClip silence = new AudioClip(new float[mic.length], AudioClip.SPEECH_RATE);
        System.out.printf(Locale.ROOT, "machine: %s, %d cores, Java %s; %s%n", System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), describe(settings));
        double seconds = played.seconds();
        report("while audio plays, the whole path (canceller, preprocessor, delay estimate, gate)",
                median(() -> path(settings, micClip, played)) / seconds);
        report("while audio plays, the speexdsp calls alone (cancel + preprocess)",
                median(() -> speexOnly(settings, micClip, played)) / seconds);
        report("while nothing plays, the whole path (preprocessor only)",
                median(() -> path(settings, micClip, silence)) / seconds);
        EchoSettings bare = settings.withPreprocessing(false, false, false);
        report("while nothing plays, without preprocessing",
                median(() -> path(bare, micClip, silence)) / seconds);
        return 0;
    }

    private static String describe(EchoSettings s) {
        return String.format(Locale.ROOT, "%d ms frames, %d ms filter, denoise %s, AGC %s, dereverb %s", s.frameMs(),
                s.filterMs(), s.denoise() ? "on" : "off", s.agc() ? "on" : "off", s.dereverb() ? "on" : "off");
    }

    private static void report(String what, double msPerSecond) {
        System.out.printf(Locale.ROOT, "%s: %.2f ms of CPU per second of audio (%.2f %% of one core)%n", what,
                msPerSecond, msPerSecond / 10);
    }

    private long path(EchoSettings settings, AudioClip mic, AudioClip played) {
        try (EchoCanceller c = SpeexEchoCanceller.open(config.listening().speexdspLibrary(), settings);
             EchoCancellingInput in = new EchoCancellingInput(new ClipInput(mic, "mic"), startedOnce(played), c,
                     settings.filterMs())) {
            long t0 = cpu();
            while (in.read() != null) {
                // the detector would take it here
            }
            return cpu() - t0;
        }
    }

    /**
     * The recording as the service's speaker plays it: one start where its audio begins, so that
     * the echo is found there and followed while it plays, as in the service.
     */
    private static ReferenceSource startedOnce(AudioClip played) {
        RecordedReference recording = new RecordedReference(played);
        return new ReferenceSource() {
            private long starts;

            @Override
            public boolean next(float[] into) {
                boolean any = recording.next(into);
                if (any) {
                    starts = 1;
                }
                return any;
            }

            @Override
            public long restarts() {
                return starts;
            }
        };
    }

    private long speexOnly(EchoSettings settings, AudioClip mic, AudioClip played) {
        try (EchoCanceller c = SpeexEchoCanceller.open(config.listening().speexdspLibrary(), settings)) {
            int n = c.frameSize();
            float[] m = new float[n];
            float[] p = new float[n];
            float[] o = new float[n];
            long t0 = cpu();
            for (int i = 0; i + n <= mic.samples().length; i += n) {
                System.arraycopy(mic.samples(), i, m, 0, n);
                System.arraycopy(played.samples(), i, p, 0, n);
                c.cancel(m, p, o);
                c.preprocess(o, true);
            }
            return cpu() - t0;
        }
    }

    private static long cpu() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return bean.getCurrentThreadCpuTime();
    }

    /** Median over the runs, in ms. */
    private double median(java.util.function.LongSupplier run) {
        double[] ms = new double[Math.max(1, runs)];
        run.getAsLong(); // warm-up: the JIT and the library's first calls
        for (int i = 0; i < ms.length; i++) {
            ms[i] = run.getAsLong() / 1e6;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }
}
