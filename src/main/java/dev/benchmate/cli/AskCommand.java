package dev.benchmate.cli;

import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.app.Benchmate;
import dev.benchmate.app.BrainHolder;
import dev.benchmate.app.ListeningSetup;
import dev.benchmate.core.AnswerSink;
import dev.benchmate.core.Assistant;
import dev.benchmate.core.FrontDoor;
import dev.benchmate.core.Question;
import dev.benchmate.core.TurnFailedException;
import dev.benchmate.core.TurnResult;
import dev.benchmate.listening.ClipInput;
import dev.benchmate.listening.Utterance;
import dev.benchmate.listening.UtteranceRecorder;
import dev.benchmate.looking.ImageFileCamera;
import dev.benchmate.media.WavFiles;
import dev.benchmate.speaking.AudioSink;
import dev.benchmate.speaking.JavaSoundSpeaker;
import dev.benchmate.speaking.WavFileSink;
import jakarta.inject.Inject;
import java.nio.file.Path;
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
    QuestionGiven question;

    static class QuestionGiven {
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
        ImageFileCamera camera = new ImageFileCamera(image);
        AudioSink sink = out != null ? new WavFileSink(out)
                : new JavaSoundSpeaker(config.speaking().outputDevice().orElse(""));
        TurnResult result;
        try (Benchmate benchmate = Benchmate.wire(config, holder).who("the ask command").simulated(sim)
                .camera(camera).sink(sink, out != null ? "the file " + out : "the speaker")
                .transcription(question.audio != null).log(false).build()) {
            if (question.audio != null && benchmate.readiness().features().stream()
                    .noneMatch(f -> f.name().equals("transcription") && f.on())) {
                System.err.println("ask: --audio needs a usable Whisper model (benchmate.transcribing.model)");
                return 1;
            }
            Assistant assistant = benchmate.assistant();
            Optional<TurnResult> r = question.text != null
                    ? Optional.of(await(assistant.ask(Question.text(FrontDoor.COMMAND, question.text,
                            Question.PictureChoice.AUTO, true), AnswerSink.NONE)))
                    : spoken(assistant);
            if (r.isEmpty()) {
                System.err.println("ask: nothing was heard in " + question.audio);
                return 1;
            }
            result = r.get();
        }
        // The answer first; then what kept it from being heard.
        if (question.audio != null) {
            System.out.println("transcript: " + result.question());
        }
        System.out.println("answer: " + result.answer());
        System.out.println("timings: " + result.latency());
        result.problems().forEach(p -> System.err.println("ask: " + p));
        if (result.speechProblem().isPresent()) {
            System.err.println("ask: the answer was not spoken: " + result.speechProblem().get()
                    + (out == null ? " (use --out ANSWER.wav to write it to a file instead)" : ""));
            return 1;
        }
        if (out != null) {
            System.out.println("spoken answer written to " + out);
        }
        return 0;
    }

    /** A turn of a command: at most ten minutes (a real answer takes well under one). */
    private static TurnResult await(dev.benchmate.core.Turn turn) {
        return turn.await(java.time.Duration.ofMinutes(10));
    }

    /** Finds the question in the recording, as the microphone loop would, and answers it. */
    private Optional<TurnResult> spoken(Assistant assistant) {
        UtteranceRecorder recorder = ListeningSetup.recorder(config.listening());
        recorder.onSpeechStart(assistant::speechStarted);
        ClipInput input = new ClipInput(WavFiles.read(question.audio), question.audio.toString());
        List<Utterance> heard = new ArrayList<>();
        for (float[] block = input.read(); block != null; block = input.read()) {
            heard.addAll(recorder.accept(block));
        }
        heard.addAll(recorder.finish());
        for (Utterance u : heard) {
            TurnResult r = await(assistant.ask(Question.audio(FrontDoor.COMMAND, u.audio(),
                    Question.PictureChoice.AUTO, true, System.nanoTime()), AnswerSink.NONE));
            if (r.heard()) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
