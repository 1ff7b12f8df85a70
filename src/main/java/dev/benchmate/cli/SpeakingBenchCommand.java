package dev.benchmate.cli;

import dev.benchmate.media.AudioClip;
import dev.benchmate.speaking.MaryTtsSynthesizer;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints MaryTTS's time to audio and real-time factor for a short and a long sentence on this machine. */
@Command(name = "bench-speaking", mixinStandardHelpOptions = true,
        description = "Measure MaryTTS time to audio and real-time factor for a short and a long sentence.")
public class SpeakingBenchCommand implements Callable<Integer> {
    static final String SHORT = "The chip is red.";
    static final String LONG = "The resistor on the left has brown, black and red bands, so it is one kilo-ohm, "
            + "and the capacitor next to it is rated for sixteen volts.";

    @Option(names = "--runs", defaultValue = "7", description = "Runs per sentence (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--voice", defaultValue = "cmu-slt-hsmm", description = "MaryTTS voice.")
    String voice;

    @Override
    public Integer call() {
        return CommandFailures.run("bench-speaking", this::bench);
    }

    private int bench() {
        System.out.printf("machine: %s, %d cores, Java %s%n", System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        long t0 = System.nanoTime();
        MaryTtsSynthesizer mary = new MaryTtsSynthesizer(voice);
        System.out.printf("voice %s loaded in %.0f ms%n", voice, (System.nanoTime() - t0) / 1e6);
        mary.synthesize("Warm up.");
        for (String text : new String[] {SHORT, LONG}) {
            double[] ms = new double[runs];
            AudioClip clip = null;
            for (int i = 0; i < runs; i++) {
                long s = System.nanoTime();
                clip = mary.synthesize(text);
                ms[i] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(ms);
            double median = ms[runs / 2];
            System.out.printf("%-5s sentence (%d chars, %.2f s of speech): time to audio %.0f ms median, "
                    + "real-time factor %.3f%n", text == SHORT ? "short" : "long", text.length(), clip.seconds(),
                    median, median / 1000 / clip.seconds());
        }
        return 0;
    }
}
