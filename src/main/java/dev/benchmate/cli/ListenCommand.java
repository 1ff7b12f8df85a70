package dev.benchmate.cli;

import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.app.ListeningSetup;

import dev.benchmate.listening.AudioInput;
import dev.benchmate.listening.ClipInput;
import dev.benchmate.listening.EchoCanceller;
import dev.benchmate.listening.EchoCancellingInput;
import dev.benchmate.listening.EchoSettings;
import dev.benchmate.listening.RecordedReference;
import dev.benchmate.listening.SpeexEchoCanceller;
import dev.benchmate.media.AudioClip;
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
                + "'speech START-END' in seconds; with --echo-reference, after cancelling what played out of it, "
                + "and the ERLE achieved.")
public class ListenCommand implements Callable<Integer> {
    @Option(names = "--file", paramLabel = "WAV", description = "A WAV file (any rate, mono or stereo); "
            + "without it, the microphone (benchmate.listening.input-device).")
    Path file;

    @Option(names = "--echo-reference", paramLabel = "PLAYED.wav", description = "What the speaker played while "
            + "--file was recorded (starting with it, at its rate): Benchmate's own voice is cancelled out of the "
            + "microphone first, as in the service, and the echo return loss enhancement (ERLE) is printed. "
            + "Needs libspeexdsp (Debian's libspeexdsp1).")
    Path echoReference;

    @Option(names = "--echo-filter-ms", paramLabel = "MS", description = "The echo tail the canceller covers "
            + "(default: benchmate.listening.echo-filter-ms).")
    Integer echoFilterMs;

    @Option(names = "--denoise", negatable = true, description = "speexdsp's noise suppression before the detector, "
            + "with --echo-reference (default: benchmate.listening.denoise).")
    Boolean denoise;

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
        EchoCancellingInput echo = null;
        EchoCanceller canceller = null;
        AudioInput source;
        if (echoReference != null) {
            if (file == null) {
                throw new IllegalArgumentException("--echo-reference needs --file: the microphone's recording it played into");
            }
            sameRate(file, echoReference);
            EchoSettings settings = ListeningSetup.echoSettings(l);
            if (echoFilterMs != null) {
                settings = settings.withFilterMs(echoFilterMs);
            }
            if (denoise != null) {
                settings = settings.withPreprocessing(denoise, settings.agc(), settings.dereverb());
            }
            AudioClip played = WavFiles.read(echoReference);
            canceller = SpeexEchoCanceller.open(l.speexdspLibrary(), settings);
            echo = new EchoCancellingInput(new ClipInput(WavFiles.read(file), file.toString()),
                    new RecordedReference(played), canceller, settings.filterMs());
            System.err.println("echo cancellation: " + canceller.describe());
            source = echo;
        } else {
            source = file != null ? new ClipInput(WavFiles.read(file), file.toString())
                    : JavaSoundMicrophone.open(l.inputDevice().orElse(""));
        }
        try (AudioInput input = source) {
            if (file == null) {
                System.err.println("listening to " + input.describe() + "; Ctrl-C stops");
            }
            for (float[] block = input.read(); block != null; block = input.read()) {
                print(recorder.accept(block));
            }
            print(recorder.finish());
            if (echo != null) {
                System.out.println("echo: " + echo.stats());
            }
        } finally {
            if (canceller != null) {
                canceller.close();
            }
            spotter.ifPresent(PhraseSpotter::close);
            transcriber.ifPresent(Transcriber::close);
        }
        return 0;
    }

    /**
     * The microphone's recording and what played must come from one clock (one sound card): at two
     * rates they cannot have, and the canceller cannot follow the drift between two clocks.
     */
    static void sameRate(Path mic, Path played) {
        float a = WavFiles.sampleRate(mic);
        float b = WavFiles.sampleRate(played);
        if (a != b) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s is at %.0f Hz but %s at %.0f Hz: the "
                    + "microphone's recording and what played must come from one sound card at one rate", mic, a,
                    played, b));
        }
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
