package dev.benchmate.cli;

import dev.benchmate.media.AudioClip;
import dev.benchmate.listening.TarsosSpeechDetector;
import dev.benchmate.media.WavFiles;
import dev.benchmate.transcribing.SyntheticWhisperModel;
import dev.benchmate.transcribing.TranscriberSettings;
import dev.benchmate.transcribing.Transcript;
import dev.benchmate.transcribing.AudioWindow;
import dev.benchmate.transcribing.WhisperHyperParameters;
import dev.benchmate.transcribing.WhisperTranscriber;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints what listening costs on this machine: speech detection per second of audio, and Whisper
 * transcription of 5 s and 10 s with a model of Whisper-Tiny q8_0's exact shape. Without a real
 * model (none can be downloaded here) the model is written with random weights: the time is real,
 * the text is not.
 */
@Command(name = "bench-listening", mixinStandardHelpOptions = true,
        description = "Measure speech detection per second of audio and Whisper-Tiny-shaped transcription of 5 s and 10 s.")
public class ListeningBenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "WAV", description = "Speech to measure with (16 kHz or any rate).")
    Path wav;

    @Option(names = "--model", description = "A real ggml Whisper model; default: a random-weight Whisper-Tiny q8_0 shape.")
    Optional<Path> model;

    @Option(names = "--threads", defaultValue = "2", description = "Whisper threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() {
        return CommandFailures.run("bench-listening", this::bench);
    }

    private int bench() throws IOException {
        AudioClip clip = WavFiles.read(wav);
        System.out.printf("machine: %s, %d cores, Java %s%n", System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        double[] perSecond = new double[7];
        for (int i = 0; i < perSecond.length; i++) {
            TarsosSpeechDetector d = new TarsosSpeechDetector();
            long t0 = System.nanoTime();
            d.accept(clip.samples());
            d.finish();
            perSecond[i] = (System.nanoTime() - t0) / 1e6 / clip.seconds();
        }
        Arrays.sort(perSecond);
        System.out.printf("speech detection: %.2f ms of CPU per second of audio (median of %d runs over %.1f s)%n",
                perSecond[perSecond.length / 2], perSecond.length, clip.seconds());

        Path file = model.orElse(null);
        boolean synthetic = file == null;
        if (synthetic) {
            file = Files.createTempFile("benchmate-whisper-tiny-shape", ".bin");
            file.toFile().deleteOnExit();
            SyntheticWhisperModel.write(file, WhisperHyperParameters.TINY_Q8_0, 1, true);
            System.out.printf("Whisper model: random weights in Whisper-Tiny q8_0's shape (%.1f MB) whose decoder "
                    + "says one token and stops; the encoder's time is real, the text meaningless%n",
                    Files.size(file) / 1e6);
        }
        TranscriberSettings sized = new TranscriberSettings("en", threads, Optional.empty());
        try (WhisperTranscriber full = WhisperTranscriber.open(file, sized.withSizedWindow(false));
             WhisperTranscriber fit = WhisperTranscriber.open(file, sized)) {
            for (double seconds : new double[] {3, 5, 10}) {
                AudioClip part = repeatTo(clip, seconds);
                full.transcribe(part.slice(0, 1)); // warm-up
                fit.transcribe(part.slice(0, 1));
                double[] whole = new double[5];
                double[] window = new double[5];
                for (int i = 0; i < whole.length; i++) {
                    whole[i] = full.transcribe(part).took().toNanos() / 1e6;
                    window[i] = fit.transcribe(part).took().toNanos() / 1e6;
                }
                Arrays.sort(whole);
                Arrays.sort(window);
                System.out.printf("transcription of %.0f s (%d threads, median of %d): full 30 s window %.0f ms, "
                                + "window sized to the audio (%d of %d positions) %.0f ms%n", seconds, threads,
                        whole.length, whole[whole.length / 2], AudioWindow.positionsFor(seconds), AudioWindow.FULL,
                        window[window.length / 2]);
            }
        } finally {
            if (synthetic) {
                Files.deleteIfExists(file);
            }
        }
        return 0;
    }

    private static AudioClip repeatTo(AudioClip clip, double seconds) {
        float[] out = new float[(int) (seconds * clip.sampleRate())];
        for (int i = 0; i < out.length; i++) {
            out[i] = clip.samples()[i % clip.samples().length];
        }
        return new AudioClip(out, clip.sampleRate());
    }
}
