package dev.benchmate.cli;

import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.app.BrainHolder;
import dev.benchmate.app.BrainLoader;
import dev.benchmate.app.BrainSettings;
import dev.benchmate.app.ConfiguredSettings;
import dev.benchmate.app.ListeningSetup;
import dev.benchmate.app.Simulator;

import dev.benchmate.core.Assistant;
import dev.benchmate.core.Brain;
import dev.benchmate.core.PicturePolicy;
import dev.benchmate.core.TurnEvent;
import dev.benchmate.listening.ClipInput;
import dev.benchmate.listening.Utterance;
import dev.benchmate.listening.UtteranceRecorder;
import dev.benchmate.media.WavFiles;
import dev.benchmate.looking.ImageFileCamera;
import dev.benchmate.speaking.AudioSink;
import dev.benchmate.speaking.EspeakSynthesizer;
import dev.benchmate.speaking.MaryTtsSynthesizer;
import dev.benchmate.speaking.SpeechOutput;
import dev.benchmate.speaking.WavFileSink;
import dev.benchmate.transcribing.Transcriber;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One full turn without a microphone: a picture, a question (typed or recorded), the answer spoken. */
@Command(name = "ask", mixinStandardHelpOptions = true,
        description = "Run one full turn: the picture, the question (--text or --audio), the answer printed and spoken.")
public class AskCommand implements Callable<Integer> {
    @Option(names = "--sim", description = "Use the NPU simulator and its simulated models (a test instrument).")
    boolean sim;

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "The picture (stands in for the camera).")
    Path image;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Question question;

    static class Question {
        @Option(names = "--text", paramLabel = "QUESTION", description = "The question as text.")
        String text;

        @Option(names = "--audio", paramLabel = "FILE.wav", description = "The question spoken (needs a Whisper model).")
        Path audio;
    }

    @Option(names = "--out", paramLabel = "ANSWER.wav", description = "Write the spoken answer here instead of playing it.")
    Path out;

    @Inject
    BenchmateConfig config;
    @Inject
    BrainHolder holder;

    @Override
    public Integer call() {
        return CommandFailures.run("ask", holder, this::ask);
    }

    private int ask() {
        BrainSettings settings = ConfiguredSettings.brain(config);
        if (sim) {
            settings = settings.onSimulator(Simulator.locate());
        }
        ImageFileCamera camera = new ImageFileCamera(image);
        Optional<Transcriber> transcriber = question.audio != null
                ? ListeningSetup.transcriber(config.transcribing()) : Optional.empty();
        if (question.audio != null && transcriber.isEmpty()) {
            System.err.println("ask: --audio needs a usable Whisper model (benchmate.transcribing.model)");
            return 1;
        }
        Brain brain = holder.hold(BrainLoader.load(settings));
        AudioSink sink = out != null ? new WavFileSink(out)
                : new dev.benchmate.speaking.JavaSoundSpeaker(config.speaking().outputDevice().orElse(""));
        List<String> failures = new ArrayList<>();
        try (SpeechOutput voice = new SpeechOutput(new MaryTtsSynthesizer(config.speaking().voice(),
                config.speaking().rate()), EspeakSynthesizer.find("cmn"), sink);
             Assistant assistant = new Assistant(brain, camera, transcriber, voice, new PicturePolicy(),
                     Duration.ofMinutes(2), InstantSource.system(), e -> {
                         if (e instanceof TurnEvent.Failed f) {
                             failures.add(f.message());
                         } else if (e instanceof TurnEvent.Transcribed t) {
                             System.out.println("transcript: " + t.text());
                         }
                     })) {
            Optional<Assistant.TurnResult> result;
            if (question.text != null) {
                result = Optional.of(assistant.answerText(question.text));
            } else {
                result = spoken(assistant);
            }
            failures.forEach(f -> System.err.println("ask: " + f));
            if (result.isEmpty() || result.get().latency() == null) {
                if (result.isEmpty()) {
                    System.err.println("ask: nothing was heard in " + question.audio);
                }
                return 1;
            }
            System.out.println("answer: " + result.get().answer());
            System.out.println("timings: " + result.get().latency());
            if (out != null) {
                System.out.println("spoken answer written to " + out);
            }
            return 0;
        } finally {
            transcriber.ifPresent(Transcriber::close);
        }
    }

    /** Finds the question in the recording, as the microphone loop would, and answers it. */
    private Optional<Assistant.TurnResult> spoken(Assistant assistant) {
        UtteranceRecorder recorder = ListeningSetup.recorder(config.listening());
        recorder.onSpeechStart(assistant::speechStarted);
        ClipInput input = new ClipInput(WavFiles.read(question.audio), question.audio.toString());
        List<Utterance> heard = new ArrayList<>();
        for (float[] block = input.read(); block != null; block = input.read()) {
            heard.addAll(recorder.accept(block));
        }
        heard.addAll(recorder.finish());
        for (Utterance u : heard) {
            Optional<Assistant.TurnResult> r = assistant.answerSpoken(u, System.nanoTime());
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }
}
