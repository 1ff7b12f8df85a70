package dev.benchmate.cli;

import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.app.ListeningSetup;

import dev.benchmate.listening.AudioInput;
import dev.benchmate.listening.ClipInput;
import dev.benchmate.listening.JavaSoundMicrophone;
import dev.benchmate.listening.HandsFreeGate;
import dev.benchmate.listening.Heard;
import dev.benchmate.listening.PhraseSpotter;
import dev.benchmate.listening.Utterance;
import dev.benchmate.listening.UtteranceRecorder;
import dev.benchmate.media.WavFiles;
import jakarta.inject.Inject;
import dev.benchmate.transcribing.Transcriber;
import dev.benchmate.transcribing.Transcript;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
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

    private Optional<PhraseSpotter> spotter = Optional.empty();
    private Optional<Transcriber> transcriber = Optional.empty();
    private HandsFreeGate gate;
    private Instant listeningSince;

    @Override
    public Integer call() {
        return CommandFailures.run("listen", this::listen);
    }

    private int listen() {
        BenchmateConfig.Listening l = config.listening();
        UtteranceRecorder recorder = ListeningSetup.recorder(l);
        gate = ListeningSetup.gate(l);
        spotter = ListeningSetup.spotter(l).value();
        transcriber = ListeningSetup.transcriber(config.transcribing()).value();
        listeningSince = Instant.now();
        try (AudioInput input = file != null ? new ClipInput(WavFiles.read(file), file.toString())
                : JavaSoundMicrophone.open(l.inputDevice().orElse(""))) {
            if (file == null) {
                System.err.println("listening to " + input.describe() + "; Ctrl-C stops");
            }
            for (float[] block = input.read(); block != null; block = input.read()) {
                print(recorder.accept(block));
            }
            print(recorder.finish());
        } finally {
            spotter.ifPresent(PhraseSpotter::close);
            transcriber.ifPresent(Transcriber::close);
        }
        return 0;
    }

    private void print(List<Utterance> utterances) {
        for (Utterance u : utterances) {
            System.out.println(String.format(Locale.ROOT, "speech %.2f-%.2f", u.start(), u.end()));
            if (transcriber.isPresent()) {
                Transcript t = transcriber.get().transcribe(u.audio());
                System.out.println(t.nothingHeard() ? "  nothing heard"
                        : String.format(Locale.ROOT, "  transcript (%.2f s): %s", t.took().toNanos() / 1e9, t.text()));
            }
            if (spotter.isPresent()) {
                String words = spotter.get().spot(u.audio());
                Heard heard = gate.decide(u, words, listeningSince.plusMillis((long) (u.start() * 1000)));
                System.out.println("  spotted: " + (words.isEmpty() ? "(nothing)" : words));
                System.out.println("  " + describe(heard));
            }
            System.out.flush();
        }
    }

    static String describe(Heard heard) {
        if (heard instanceof Heard.Question q) {
            return "question" + (q.afterWakePhrase() ? " (after the wake phrase)" : "");
        } else if (heard instanceof Heard.CommandHeard c) {
            return "command " + c.command().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        } else if (heard instanceof Heard.Woken) {
            return "wake phrase: listening for the question";
        }
        return "ignored: " + ((Heard.Ignored) heard).why();
    }
}
