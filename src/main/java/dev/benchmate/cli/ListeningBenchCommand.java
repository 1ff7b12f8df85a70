package dev.benchmate.cli;

import dev.benchmate.media.AudioClip;
import dev.benchmate.listening.SpeechEvent;
import dev.benchmate.listening.TarsosSpeechDetector;
import dev.benchmate.listening.Utterance;
import dev.benchmate.listening.UtteranceRecorder;
import dev.benchmate.media.WavFiles;
import dev.benchmate.transcribing.SyntheticWhisperModel;
import dev.benchmate.transcribing.TranscriberSettings;
import dev.benchmate.transcribing.Transcript;
import dev.benchmate.transcribing.TranscriptionAtPauses;
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
            atPauses(clip, fit);
        } finally {
            if (synthetic) {
                Files.deleteIfExists(file);
            }
        }
        return 0;
    }

    /**
     * A question with a pause: the recording's first two stretches of speech with 0.45 s between
     * them (its own background), then 0.9 s of it, cut by the recorder as the service cuts it. The
     * final transcription after speech end, whole against only the rest after a pause.
     */
    private void atPauses(AudioClip clip, WhisperTranscriber fit) {
        java.util.List<SpeechEvent> events = new java.util.ArrayList<>(new TarsosSpeechDetector().accept(clip.samples()));
        if (events.size() < 4) {
            System.out.println("transcription at pauses: not measured (the recording has fewer than two stretches of speech)");
            return;
        }
        double firstEnd = events.get(1).seconds();
        double secondStart = events.get(2).seconds();
        double secondEnd = events.get(3).seconds();
        AudioClip question = concat(clip.slice(0, firstEnd + 0.45), clip.slice(secondStart - 0.05, secondEnd + 0.9));
        UtteranceRecorder recorder = new UtteranceRecorder(new TarsosSpeechDetector(), 300, UtteranceRecorder.DEFAULT_PAUSE_MS);
        java.util.List<AudioClip> pauses = new java.util.ArrayList<>();
        recorder.onPause(pauses::add);
        java.util.List<Utterance> cut = new java.util.ArrayList<>();
        float[] s = question.samples();
        for (int i = 0; i < s.length; i += 320) {
            cut.addAll(recorder.accept(Arrays.copyOfRange(s, i, Math.min(s.length, i + 320))));
        }
        cut.addAll(recorder.finish());
        if (cut.size() != 1 || pauses.isEmpty()) {
            System.out.printf("transcription at pauses: not measured (%d utterances, %d pauses in the question)%n",
                    cut.size(), pauses.size());
            return;
        }
        AudioClip whole = cut.get(0).audio();
        AudioClip inside = pauses.get(0);
        AudioClip last = pauses.get(pauses.size() - 1);
        fit.transcribe(whole); // warm-up of this length
        int runs = 7;
        double[] all = new double[runs];
        double[] rest = new double[runs];
        double[] ending = new double[runs];
        double[] early = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            fit.transcribe(whole);
            all[i] = (System.nanoTime() - t0) / 1e6;
            TranscriptionAtPauses p = new TranscriptionAtPauses(fit);
            t0 = System.nanoTime();
            p.hearSoFar(inside);
            early[i] = (System.nanoTime() - t0) / 1e6;
            t0 = System.nanoTime();
            p.transcribe(whole);
            rest[i] = (System.nanoTime() - t0) / 1e6;
            p.hearSoFar(last);
            t0 = System.nanoTime();
            p.transcribe(whole);
            ending[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(all);
        Arrays.sort(rest);
        Arrays.sort(ending);
        Arrays.sort(early);
        System.out.printf("transcription at pauses: a %.1f s question with a pause (%.1f s heard at it, %d pauses "
                        + "offered), after speech end (median of %d): whole %.0f ms; only the rest after the pause "
                        + "%.0f ms (the part at the pause took %.0f ms beside the speech); with the pause at the start "
                        + "of the ending silence ready too, %.0f ms%n",
                whole.seconds(), inside.seconds(), pauses.size(), runs, all[runs / 2], rest[runs / 2],
                early[runs / 2], ending[runs / 2]);
    }

    private static AudioClip concat(AudioClip a, AudioClip b) {
        float[] out = Arrays.copyOf(a.samples(), a.samples().length + b.samples().length);
        System.arraycopy(b.samples(), 0, out, a.samples().length, b.samples().length);
        return new AudioClip(out, a.sampleRate());
    }

    private static AudioClip repeatTo(AudioClip clip, double seconds) {
        float[] out = new float[(int) (seconds * clip.sampleRate())];
        for (int i = 0; i < out.length; i++) {
            out[i] = clip.samples()[i % clip.samples().length];
        }
        return new AudioClip(out, clip.sampleRate());
    }
}
