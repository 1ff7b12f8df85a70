package dev.benchmate.service;

import dev.benchmate.listening.AudioInput;
import dev.benchmate.listening.ClipInput;
import dev.benchmate.listening.JavaSoundMicrophone;
import dev.benchmate.listening.SpeechDetectorSettings;
import dev.benchmate.listening.TarsosSpeechDetector;
import dev.benchmate.listening.Utterance;
import dev.benchmate.listening.UtteranceRecorder;
import dev.benchmate.listening.WavFiles;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Listens to a WAV file or the microphone and prints one line per detected utterance. */
@Command(name = "listen", mixinStandardHelpOptions = true,
        description = "Detect speech in a WAV file (or from the microphone) and print one line per utterance: "
                + "'speech START-END' in seconds.")
public class ListenCommand implements Callable<Integer> {
    @Option(names = "--file", paramLabel = "WAV", description = "A WAV file (any rate, mono or stereo); "
            + "without it, the microphone (benchmate.listening.input-device).")
    Path file;

    @Inject
    BenchmateConfig config;

    @Override
    public Integer call() {
        return CommandFailures.run("listen", this::listen);
    }

    private int listen() {
        BenchmateConfig.Listening l = config.listening();
        SpeechDetectorSettings settings = new SpeechDetectorSettings(l.endSilenceMs(), l.maxUtteranceMs(),
                SpeechDetectorSettings.DEFAULTS.onsetDb(), SpeechDetectorSettings.DEFAULTS.holdDb());
        UtteranceRecorder recorder = new UtteranceRecorder(new TarsosSpeechDetector(settings), l.preRollMs());
        try (AudioInput input = file != null ? new ClipInput(WavFiles.read(file), file.toString())
                : JavaSoundMicrophone.open(l.inputDevice().orElse(""))) {
            if (file == null) {
                System.err.println("listening to " + input.describe() + "; Ctrl-C stops");
            }
            for (float[] block = input.read(); block != null; block = input.read()) {
                print(recorder.accept(block));
            }
            print(recorder.finish());
        }
        return 0;
    }

    private static void print(List<Utterance> utterances) {
        for (Utterance u : utterances) {
            System.out.println(String.format(Locale.ROOT, "speech %.2f-%.2f", u.start(), u.end()));
            System.out.flush();
        }
    }
}
