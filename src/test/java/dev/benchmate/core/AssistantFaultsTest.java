package dev.benchmate.core;

import static dev.benchmate.testing.TestBench.failedIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.looking.VisionEncoder;
import dev.benchmate.media.TokenListener;
import dev.benchmate.thinking.ChatTemplate;
import dev.benchmate.thinking.Conversation;
import dev.benchmate.thinking.LanguageModel;
import dev.benchmate.thinking.LanguageModelSettings;
import dev.benchmate.thinking.ModelInput;
import dev.benchmate.thinking.RunOptions;
import dev.benchmate.thinking.RunOutcome;
import dev.benchmate.thinking.RunStats;
import dev.benchmate.looking.VisionEncoderException;
import dev.benchmate.media.AudioClip;
import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.Picture;
import dev.benchmate.speaking.AudioSink;
import dev.benchmate.speaking.Earcons;
import dev.benchmate.speaking.Synthesizer;
import dev.benchmate.speaking.SynthesisException;
import dev.benchmate.testing.SimulatedNpu;
import dev.benchmate.testing.TestBench;
import dev.benchmate.testing.Voice;
import dev.benchmate.transcribing.Transcriber;
import dev.benchmate.transcribing.Transcript;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each fault a workshop would meet, followed by a question that must be answered: the failure is an
 * event naming its stage, and the assistant stays ready.
 */
class AssistantFaultsTest {
    TestBench bench;

    @AfterEach
    void close() {
        SimulatedNpu.clearFaults();
        SimulatedNpu.clearDelays();
        if (bench != null) {
            bench.close();
        }
    }

    /** Half a second of speech-like audio; the scripted transcribers decide what it says. */
    static AudioClip someSpeech() {
        return new AudioClip(new float[8000], 16000);
    }

    @Test
    void synthesisThatThrowsLeavesTheAnswerShownAndTheNextOneSpoken() throws Exception {
        Synthesizer flaky = new Synthesizer() {
            @Override
            public AudioClip synthesize(String text) {
                // the first answer's first sentence, however often it is tried (a guess of it, then it)
                if (text.equals("Simulated answer to turn 1.")) {
                    throw new SynthesisException("the voice crashed on \"" + text + "\"", null);
                }
                return Voice.mary().synthesize(text);
            }

            @Override
            public int sampleRate() {
                return Voice.mary().sampleRate();
            }
        };
        bench = new TestBench(TestBench.options().synthesizer(flaky));
        TurnResult first = bench.answer("What is it?");
        assertEquals("Simulated answer to turn 1. The picture is green.", first.answer(), "the answer is complete");
        assertTrue(first.speechProblem().orElseThrow().contains("the voice crashed"), first.speechProblem().toString());
        assertEquals(List.of("The picture is green."), first.spokenSentences());
        bench.awaitEvent(e -> e instanceof TurnEvent.Failed f && f.stage() == Stage.SPEAKING && f.turnGoesOn(),
                Duration.ofSeconds(2));

        TurnResult next = bench.answer("And now?");
        assertEquals(2, next.spokenSentences().size(), "the next answer is spoken whole");
        assertTrue(next.speechProblem().isEmpty());
    }

    /** A speaker whose line fails after a few blocks, once. */
    static final class FailingSpeaker implements AudioSink {
        final AtomicInteger writes = new AtomicInteger();
        final int failAt;

        FailingSpeaker(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public void write(AudioClip block) {
            if (writes.incrementAndGet() == failAt) {
                throw new IllegalStateException("the speaker's line failed (device unplugged)");
            }
        }

    }

    @Test
    void aSpeakerThatFailsMidAnswerIsReportedAndTheNextQuestionIsAnswered() throws Exception {
        bench = new TestBench(TestBench.options().sink(new FailingSpeaker(5)));
        TurnResult first = bench.answer("What is it?");
        assertEquals("Simulated answer to turn 1. The picture is green.", first.answer());
        assertTrue(first.speechProblem().orElseThrow().contains("could not be played"), first.speechProblem().get());
        bench.awaitEvent(failedIn(Stage.SPEAKING), Duration.ofSeconds(2));
        TurnResult next = bench.answer("And now?");
        assertEquals("Simulated answer to turn 2. The picture is green.", next.answer());
        assertTrue(next.speechProblem().isEmpty(), "the speaker works again: " + next.speechProblem());
    }

    @Test
    void aModelErrorMidTurnFailsTheTurnWithAnApologyAndTheNextQuestionIsAnswered() throws Exception {
        TestBench.SilentSink sink = new TestBench.SilentSink();
        bench = new TestBench(TestBench.options().sink(sink));
        SimulatedNpu.setFaults(Integer.toString(SimulatedNpu.nextGeneratingRun()), null);
        TurnFailedException e = assertThrows(TurnFailedException.class, () -> bench.answer("What is it?"));
        assertEquals(Stage.THINKING, e.stage());
        assertTrue(e.getMessage().contains("RKLLM_RUN_ERROR"), e.getMessage());
        Event failed = bench.awaitEvent(f -> f instanceof TurnEvent.Failed x && !x.turnGoesOn(), Duration.ofSeconds(2));
        assertEquals(1, failed.turn());
        // The apology: the error earcon first, then words.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int errorChime = Earcons.of(Earcons.Kind.ERROR).samples().length;
        while (!sink.blockSizes.contains(errorChime) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(sink.blockSizes.contains(errorChime), "the error earcon played");

        TurnResult next = bench.answer("What is it?");
        assertEquals("Simulated answer to turn 1. The picture is green.", next.answer(),
                "answered; the failed turn left nothing in the history");
    }

    /** An encoder that fails its first encoding. */
    static final class FailingOnce implements VisionEncoder {
        final VisionEncoder real;
        final AtomicInteger calls = new AtomicInteger();

        FailingOnce(VisionEncoder real) {
            this.real = real;
        }

        @Override
        public int inputWidth() {
            return real.inputWidth();
        }

        @Override
        public int inputHeight() {
            return real.inputHeight();
        }

        @Override
        public int imageTokens() {
            return real.imageTokens();
        }

        @Override
        public int floatsPerToken() {
            return real.floatsPerToken();
        }

        @Override
        public ImageEmbedding encode(Picture picture) {
            if (calls.incrementAndGet() == 1) {
                throw new VisionEncoderException("rknn_run failed: NPU device unavailable");
            }
            return real.encode(picture);
        }

        @Override
        public void close() {
            real.close();
        }
    }

    @Test
    void aVisionEncoderThatFailsLeavesThePictureOutAndTheNextLookWorks() throws Exception {
        Brain sim = SimulatedNpu.brain(64, 2048);
        Brain brain = new Brain(new FailingOnce(sim.encoder()), sim.conversation(), sim.llmLoadTime(),
                sim.encoderLoadTime(), true);
        bench = new TestBench(TestBench.options().brain(brain));
        TurnResult blind = bench.answer("What is this?");
        assertEquals("Simulated answer to turn 1.", blind.answer());
        assertTrue(blind.problems().get(0).contains("NPU device unavailable"), blind.problems().toString());
        bench.awaitEvent(failedIn(Stage.VISION), Duration.ofSeconds(2));
        TurnResult look = bench.answer("Look again, what is this?");
        assertTrue(look.pictureAttached());
        assertEquals("Simulated answer to turn 2. The picture is green.", look.answer());
    }

    @Test
    void transcriptionThatThrowsFailsTheTurnAndTheNextQuestionIsHeard() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Transcriber flaky = new Transcriber() {
            @Override
            public Transcript transcribe(AudioClip utterance) {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("whisper_full returned -6");
                }
                return new Transcript("What colour is this?", false, Duration.ofMillis(3), utterance.seconds());
            }

            @Override
            public void close() {
            }
        };
        bench = new TestBench(TestBench.options().transcriber(flaky));
        TurnFailedException e = assertThrows(TurnFailedException.class, () -> TestBench.await(bench.assistant.ask(
                Question.spoken(someSpeech(), false, System.nanoTime()), AnswerSink.NONE)));
        assertEquals(Stage.TRANSCRIBING, e.stage());
        assertTrue(e.getMessage().contains("whisper_full returned -6"));
        TurnResult next = TestBench.await(bench.assistant.ask(Question.spoken(someSpeech(), false,
                System.nanoTime()), AnswerSink.NONE));
        assertEquals("Simulated answer to turn 1. The picture is green.", next.answer());
    }

    @Test
    void anEarconThatFailsIsReportedAndTheAnswerStillComes() throws Exception {
        int thinkingChime = Earcons.of(Earcons.Kind.THINKING).samples().length;
        AudioSink picky = new TestBench.SilentSink() {
            @Override
            public synchronized void write(AudioClip block) {
                if (block.samples().length == thinkingChime) {
                    throw new IllegalStateException("the earcon could not be decoded");
                }
                super.write(block);
            }
        };
        bench = new TestBench(TestBench.options().sink(picky));
        TurnResult r = bench.answer("What is it?");
        assertEquals(2, r.spokenSentences().size());
        bench.awaitEvent(e -> e instanceof TurnEvent.Failed f && f.stage() == Stage.EARCON
                && f.cause().contains("could not be decoded"), Duration.ofSeconds(2));
        assertEquals("Simulated answer to turn 2. The picture is green.", bench.answer("And now?").answer());
    }

    @Test
    void aSubscriberThatThrowsOrBlocksSlowsNothingElse() throws Exception {
        bench = new TestBench();
        CountDownLatch release = new CountDownLatch(1);
        EventHub.Subscription throwing = bench.hub.subscribe("throws", 16, e -> {
            throw new IllegalStateException("a broken console");
        });
        EventHub.Subscription blocked = bench.hub.subscribe("blocks", 4, e -> {
            try {
                release.await();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        });
        TurnResult r = bench.answer("What is it?");
        assertEquals("Simulated answer to turn 1. The picture is green.", r.answer());
        bench.awaitEvent(e -> e instanceof TurnEvent.Answered, Duration.ofSeconds(2));
        assertTrue(TestBench.eventually(() -> throwing.failures() > 5), "the throwing subscriber kept receiving: "
                + throwing.failures());
        assertTrue(TestBench.eventually(() -> blocked.dropped() > 0), "the blocked subscriber lost only its own events");
        assertTrue(bench.supervisor.liveness().alive());
        List<TurnEvent> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
        release.countDown();
        EventHub.Subscription later = bench.hub.subscribe("later", 16, e -> delivered.add(e.what()));
        assertEquals("Simulated answer to turn 2. The picture is green.", bench.answer("And now?").answer());
        later.close();
        assertTrue(delivered.stream().anyMatch(e -> e instanceof TurnEvent.Answered));
    }

    @Test
    void aTurnThatNeverEndsIsReportedStuckStoppedAndTheNextQuestionIsAnswered() throws Exception {
        bench = new TestBench(TestBench.options().turnLimit(Duration.ofSeconds(1)));
        SimulatedNpu.setFaults(null, Integer.toString(SimulatedNpu.nextGeneratingRun()));
        Turn stuck = bench.assistant.ask(Question.text(FrontDoor.API, "What is it?", Question.PictureChoice.AUTO,
                false), AnswerSink.NONE);
        Event failed = bench.awaitEvent(e -> e instanceof TurnEvent.Failed f && f.stage() == Stage.TURN,
                Duration.ofSeconds(10));
        assertEquals(stuck.id(), failed.turn());
        assertTrue(((TurnEvent.Failed) failed.what()).cause().contains("stuck"), failed.toString());
        TurnResult stopped = TestBench.await(stuck);
        assertTrue(stopped.stopped(), "the stuck turn was stopped");
        assertTrue(bench.supervisor.liveness().alive(), "alive again once it ended: " + bench.supervisor.liveness());
        assertEquals("Simulated answer to turn 2. The picture is green.", bench.answer("And now?").answer());
    }

    /** A model whose run ignores abort (a runtime hung inside the NPU driver) until released. */
    static final class HungModel implements LanguageModel {
        final LanguageModelSettings settings = SimulatedNpu.llmSettings(64, 2048);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public LanguageModelSettings settings() {
            return settings;
        }

        @Override
        public void setChatTemplate(ChatTemplate template) {
        }

        @Override
        public RunOutcome run(ModelInput input, boolean keepHistory, RunOptions options, TokenListener listener) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            listener.onText("Late.");
            return new RunOutcome("Late.", RunStats.NONE, false);
        }

        @Override
        public void abort() {
        }

        @Override
        public boolean isRunning() {
            return release.getCount() > 0;
        }

        @Override
        public void clearHistory(boolean keepSystemPrompt) {
        }

        @Override
        public int kvCacheSize() {
            return 0;
        }

        @Override
        public void close() {
            release.countDown();
        }
    }

    @Test
    void livenessNamesAHungTurnForAsLongAsItLasts() throws Exception {
        Brain sim = SimulatedNpu.brain(64, 2048);
        HungModel hung = new HungModel();
        Brain brain = new Brain(sim.encoder(), new Conversation(hung, ChatTemplate.qwen("Test.")), sim.llmLoadTime(),
                sim.encoderLoadTime(), true);
        bench = new TestBench(TestBench.options().brain(brain).turnLimit(Duration.ofSeconds(1)));
        Turn turn = bench.assistant.ask(Question.text(FrontDoor.API, "What is it?", Question.PictureChoice.NONE,
                false), AnswerSink.NONE);
        Thread.sleep(2500);
        Liveness l = bench.supervisor.liveness();
        assertFalse(l.alive(), "a turn that does not end makes Benchmate not alive");
        assertTrue(l.problems().get(0).contains("turn " + turn.id() + " is stuck in thinking"), l.toString());
        Thread.sleep(1200);
        assertFalse(bench.supervisor.liveness().alive(), "still stuck: stop could not end it");
        hung.release.countDown();
        assertEquals("Late.", TestBench.await(turn).answer());
        assertTrue(bench.supervisor.liveness().alive(), bench.supervisor.liveness().toString());
    }

    @Test
    void stopFromAnotherThreadEndsTheGenerationWithinATokenAndDoesNotWaitForTheTurn() throws Exception {
        bench = new TestBench();
        SimulatedNpu.setDelays(0, 0, 150);
        Turn turn = bench.assistant.ask(Question.text(FrontDoor.API, "What is it?", Question.PictureChoice.AUTO, true),
                AnswerSink.NONE);
        bench.awaitEvent(turn.id(), e -> e instanceof TurnEvent.Token, Duration.ofSeconds(10));
        Thread.sleep(200);
        bench.assistant.stop();
        bench.hub.publish(turn.id(), new TurnEvent.CommandTaken("test: stop returned"));
        TurnResult r = TestBench.await(turn);
        bench.settle();
        List<TurnEvent> whats = bench.whats();
        int marker = whats.indexOf(new TurnEvent.CommandTaken("test: stop returned"));
        int answered = whats.indexOf(whats.stream().filter(e -> e instanceof TurnEvent.Answered).findFirst()
                .orElseThrow());
        assertTrue(marker >= 0 && marker < answered, "stop returned before the turn ended: " + whats);
        long tokensAfterStop = whats.subList(marker, answered).stream().filter(e -> e instanceof TurnEvent.Token)
                .count();
        assertTrue(tokensAfterStop <= 1, "tokens after stop: " + tokensAfterStop);
        assertTrue(r.stopped());
        assertTrue(r.answer().length() < "Simulated answer to turn 1. The picture is green.".length(), r.answer());
    }

    @Test
    void aNewConversationActsAtOnceAndTheNextQuestionStartsFresh() throws Exception {
        bench = new TestBench();
        bench.answer("What is it?");
        SimulatedNpu.setDelays(0, 0, 150);
        Turn turn = bench.assistant.ask(Question.text(FrontDoor.API, "And why?", Question.PictureChoice.AUTO, false),
                AnswerSink.NONE);
        bench.awaitEvent(turn.id(), e -> e instanceof TurnEvent.Token, Duration.ofSeconds(10));
        bench.assistant.newConversation(false);
        bench.hub.publish(0, new TurnEvent.CommandTaken("test: new conversation returned"));
        assertTrue(TestBench.await(turn).stopped(), "the answer in progress was stopped");
        SimulatedNpu.clearDelays();
        TurnResult fresh = bench.answer("What is it?");
        assertEquals("Simulated answer to turn 1. The picture is green.", fresh.answer());
        bench.settle();
        List<TurnEvent> whats = bench.whats();
        int marker = whats.indexOf(new TurnEvent.CommandTaken("test: new conversation returned"));
        int restarted = whats.indexOf(whats.stream().filter(e -> e instanceof TurnEvent.ConversationRestarted)
                .findFirst().orElseThrow());
        assertTrue(marker < restarted, "the call returned before the reset ran: " + whats);
    }

    @Test
    void aStopWhileTheQuestionIsStillBeingTranscribedKeepsTheModelFromAnswering() throws Exception {
        java.util.concurrent.CountDownLatch transcribing = new java.util.concurrent.CountDownLatch(1);
        Transcriber slow = new Transcriber() {
            @Override
            public Transcript transcribe(AudioClip utterance) {
                transcribing.countDown();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new Transcript("What is it?", false, Duration.ofMillis(500), utterance.seconds());
            }

            @Override
            public void close() {
            }
        };
        TestBench.SilentSink sink = new TestBench.SilentSink();
        bench = new TestBench(TestBench.options().transcriber(slow).sink(sink));
        Turn turn = bench.assistant.ask(Question.spoken(someSpeech(), false, System.nanoTime()), AnswerSink.NONE);
        assertTrue(transcribing.await(10, TimeUnit.SECONDS));
        bench.assistant.stop();
        TurnResult r = TestBench.await(turn);
        assertTrue(r.stopped());
        assertEquals("", r.answer(), "the model did not answer");
        assertTrue(r.spokenSentences().isEmpty(), "nothing was spoken");
        bench.settle();
        assertFalse(bench.saw(e -> e instanceof TurnEvent.Token), "no token was generated");
        assertEquals("Simulated answer to turn 1. The picture is green.", bench.answer("What is it?").answer(),
                "the next question is the first the model heard");
    }
}
