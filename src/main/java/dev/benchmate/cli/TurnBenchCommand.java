package dev.benchmate.cli;

import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.app.Benchmate;
import dev.benchmate.app.BrainHolder;
import dev.benchmate.app.SimulatorDelays;
import dev.benchmate.core.AnswerSink;
import dev.benchmate.core.Assistant;
import dev.benchmate.core.Brain;
import dev.benchmate.core.FrontDoor;
import dev.benchmate.core.Question;
import dev.benchmate.looking.ImageFileCamera;
import dev.benchmate.media.AudioClip;
import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.Picture;
import dev.benchmate.media.TokenListener;
import dev.benchmate.speaking.AudioSink;
import dev.benchmate.speaking.MaryTtsSynthesizer;
import dev.benchmate.speaking.SentenceSplitter;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Speech end to first audio, on the simulator at the RK3576 reference figures, for (a) the serial
 * flow of rknn-llm's demo — encode after the question, generate the whole answer, then speak —
 * and (b) Benchmate's — encode during the 3 s question, speak the first sentence as soon as it
 * exists. For a picture question and a text follow-up. Transcription is left out of both (it
 * costs the same in each).
 */
@Command(name = "bench-turn", mixinStandardHelpOptions = true,
        description = "Compare speech end to first audio: the reference demo's serial flow vs Benchmate's, on the "
                + "simulated NPU at the RK3576 reference figures.")
public class TurnBenchCommand implements Callable<Integer> {
    @Option(names = "--image", required = true, paramLabel = "FILE", description = "The picture.")
    Path image;

    @Option(names = "--question-seconds", defaultValue = "3", description = "How long the spoken question lasts.")
    double questionSeconds;

    @Inject
    BenchmateConfig config;
    @Inject
    BrainHolder holder;

    /** A speaker that only notes when its first audio arrived. */
    static final class FirstAudioSink implements AudioSink {
        volatile long first = -1;

        @Override
        public void write(AudioClip block) {
            if (first < 0) {
                first = System.nanoTime();
            }
        }

    }

    @Override
    public Integer call() {
        return CommandFailures.run("bench-turn", holder, this::bench);
    }

    private int bench() throws java.io.IOException {
        SimulatorDelays.rk3576();
        FirstAudioSink sink = new FirstAudioSink();
        double oursPicture;
        double oursText;
        double serialPicture;
        double serialText;
        String stopFigure;
        try (Benchmate benchmate = Benchmate.wire(config, holder).who("the bench-turn command").simulated(true)
                .camera(new ImageFileCamera(image)).sink(sink, "a timer").transcription(false).log(false).build()) {
            Brain brain = benchmate.brain();
            MaryTtsSynthesizer mary = new MaryTtsSynthesizer(config.speaking().voice(), config.speaking().rate());
            mary.synthesize("Warm up.");
            Picture picture = benchmate.camera().latestFrame().orElseThrow();
            System.out.printf("SIMULATED NPU at RK3576 reference figures: encoder %.0f ms, prefill %.1f ms/token, "
                    + "decode %.0f ms/token; question %.1f s; MaryTTS on %s%n", SimulatorDelays.ENCODE_MS,
                    SimulatorDelays.PREFILL_MS_PER_TOKEN, SimulatorDelays.DECODE_MS_PER_TOKEN, questionSeconds,
                    System.getProperty("os.arch"));

            serialPicture = serial(brain, mary, picture, "What is written on the chip?");
            serialText = serial(brain, mary, null, "And the one beside it?");
            brain.conversation().reset();

            Assistant assistant = benchmate.assistant();
            assistant.speechStarted();
            sleep(questionSeconds);
            oursPicture = firstAudio(assistant, "What is written on the chip?");
            sleep(questionSeconds);
            oursText = firstAudio(assistant, "And the one beside it?");
            stopFigure = stopLatency(benchmate);
        }
        System.out.printf("picture question:  serial %6.0f ms, Benchmate %6.0f ms, %.2fx sooner%n", serialPicture,
                oursPicture, serialPicture / oursPicture);
        System.out.printf("text follow-up:    serial %6.0f ms, Benchmate %6.0f ms, %.2fx sooner%n", serialText,
                oursText, serialText / oursText);
        System.out.println(stopFigure);
        return 0;
    }

    /**
     * Stop in the middle of a spoken answer, from another thread, as "stop" heard by the loop or an
     * HTTP stop does: how soon the call returns, and how soon the generation ends after it.
     */
    private static String stopLatency(Benchmate benchmate) {
        Assistant assistant = benchmate.assistant();
        long[] lastToken = {0};
        java.util.concurrent.CountDownLatch speaking = new java.util.concurrent.CountDownLatch(1);
        var watch = benchmate.hub().subscribe("bench-stop", 1024, e -> {
            if (e.what() instanceof dev.benchmate.core.TurnEvent.Token) {
                lastToken[0] = System.nanoTime();
                speaking.countDown();
            }
        });
        try {
            var turn = assistant.ask(Question.text(FrontDoor.COMMAND, "Tell me about it.", Question.PictureChoice.NONE,
                    true), AnswerSink.NONE);
            speaking.await(60, java.util.concurrent.TimeUnit.SECONDS);
            Thread.sleep(200);
            long stop = System.nanoTime();
            assistant.stop();
            long returned = System.nanoTime();
            var result = turn.result().get(60, java.util.concurrent.TimeUnit.SECONDS);
            long ended = System.nanoTime();
            return String.format("stop 200 ms into an answer: the call returned in %.2f ms, the turn ended %.0f ms "
                    + "after it (last token %.0f ms after it; %s)", (returned - stop) / 1e6, (ended - stop) / 1e6,
                    Math.max(0, lastToken[0] - stop) / 1e6, result.stopped() ? "stopped" : "NOT stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "stop: interrupted";
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "stop: the turn did not end: " + e;
        } finally {
            watch.close();
        }
    }

    /** Asks as the voice loop does the moment the question has been spoken; speech end to first audio. */
    private static double firstAudio(Assistant assistant, String question) {
        return assistant.ask(Question.text(FrontDoor.COMMAND, question, Question.PictureChoice.AUTO, true),
                AnswerSink.NONE).await(java.time.Duration.ofMinutes(5)).latency().firstAudioMs();
    }

    /** The demo's order: encode after the question, the whole answer, then speech. */
    private static double serial(Brain brain, MaryTtsSynthesizer mary, Picture picture, String question) {
        long speechEnd = System.nanoTime();
        ImageEmbedding embedding = picture == null ? null : brain.look(picture);
        String answer = brain.ask(question, embedding, TokenListener.NONE).text();
        SentenceSplitter splitter = new SentenceSplitter();
        List<String> sentences = new java.util.ArrayList<>(splitter.accept(answer));
        sentences.addAll(splitter.flush());
        mary.synthesize(sentences.get(0));
        return (System.nanoTime() - speechEnd) / 1e6;
    }

    private static void sleep(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
