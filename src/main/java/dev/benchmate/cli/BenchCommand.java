package dev.benchmate.cli;

import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.app.BrainHolder;
import dev.benchmate.app.BrainSettings;
import dev.benchmate.app.ConfiguredSettings;
import dev.benchmate.app.Simulator;

import dev.benchmate.core.Brain;
import dev.benchmate.looking.EncoderInputPreparation;
import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.Picture;
import dev.benchmate.looking.PictureFiles;
import dev.benchmate.thinking.Answer;
import dev.benchmate.media.TokenListener;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints what the brain costs on this machine's CPU around the NPU: picture preparation, the
 * encoder call, and per-turn and per-token overhead of the bindings, plus resident memory. On the
 * simulator with zero delays the NPU itself costs nothing, so the figures are Benchmate's own.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the brain's host-side costs (picture preparation, encoder call, per-turn and "
                + "per-token overhead, memory).")
public class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "A picture to encode.")
    Path image;

    @Option(names = "--sim", description = "Use the NPU simulator (its delays come from BENCHMATE_SIM_* variables).")
    boolean sim;

    @Option(names = "--turns", defaultValue = "200", description = "Turns to time (default ${DEFAULT-VALUE}).")
    int turns;

    @Inject
    BenchmateConfig config;
    @Inject
    BrainHolder holder;

    @Override
    public Integer call() {
        return CommandFailures.run("bench", holder, this::bench);
    }

    private int bench() throws IOException {
        BrainSettings settings = ConfiguredSettings.brain(config);
        if (sim) {
            settings = settings.onSimulator(Simulator.locate());
        }
        Picture picture = PictureFiles.read(image);
        Brain brain = holder.load(settings, "the bench command");
        System.out.printf("machine: %s, %d cores, Java %s%s%n", System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                brain.simulated() ? " — SIMULATED NPU: figures are host-side costs only" : "");
        System.out.printf("model load: LLM %d ms, vision encoder %d ms%n", brain.llmLoadTime().toMillis(),
                brain.encoderLoadTime().toMillis());

        int w = brain.encoder().inputWidth();
        int h = brain.encoder().inputHeight();
        double[] prep = time(50, () -> EncoderInputPreparation.toRgbNhwc(picture, w, h));
        System.out.printf("picture preparation %dx%d -> %dx%d: median %.2f ms, p90 %.2f ms%n", picture.width(),
                picture.height(), w, h, median(prep), p90(prep));
        ImageEmbedding[] last = new ImageEmbedding[1];
        double[] enc = time(20, () -> last[0] = brain.look(picture));
        System.out.printf("encode (preparation + NPU call + copy-out of %d floats): median %.2f ms%n",
                last[0].values().length, median(enc));

        brain.ask("Warm up.", last[0], TokenListener.NONE);
        long tokens = 0;
        double[] turn = new double[turns];
        long rssBefore = residentKb();
        for (int i = 0; i < turns; i++) {
            long t0 = System.nanoTime();
            Answer a = brain.ask("What about part " + i + "?", i % 10 == 0 ? last[0] : null, TokenListener.NONE);
            turn[i] = (System.nanoTime() - t0) / 1e6;
            tokens += a.stats().generateTokens();
        }
        long rssAfter = residentKb();
        double total = Arrays.stream(turn).sum();
        System.out.printf("turns: %d (every 10th with the picture), median %.3f ms, p90 %.3f ms, "
                + "%.1f µs per streamed token%n", turns, median(turn), p90(turn), total * 1000 / Math.max(1, tokens));
        System.out.printf("resident memory: %d MB, change over the turns %+d kB%n", rssAfter / 1024,
                rssAfter - rssBefore);
        return 0;
    }

    private static double[] time(int n, Runnable r) {
        r.run();
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double p90(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.floor(s.length * 0.9))];
    }

    static long residentKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
