package dev.benchmate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.testing.SimulatedNpu;
import dev.benchmate.testing.TestBench;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The NPU as one resource: one turn at a time, the voice first, the others in a bounded queue. */
class TurnArbitrationTest {
    TestBench bench;

    @AfterEach
    void close() {
        SimulatedNpu.clearDelays();
        if (bench != null) {
            bench.close();
        }
    }

    /** A web question the NPU is answering now, slowly (150 ms a token, about 1.7 s in all). */
    Turn answering(String text) throws InterruptedException {
        SimulatedNpu.setDelays(0, 0, 150);
        Turn running = bench.assistant.ask(fromWeb(text), AnswerSink.NONE);
        bench.awaitEvent(running.id(), e -> e instanceof TurnEvent.Token, Duration.ofSeconds(10));
        return running;
    }

    static Question fromWeb(String text) {
        return Question.text(FrontDoor.API, text, Question.PictureChoice.NONE, false);
    }

    static Question fromVoice(String text) {
        return new Question(FrontDoor.VOICE, text, null, Question.PictureChoice.NONE, false, false, System.nanoTime());
    }

    @Test
    void aVoiceQuestionGoesBeforeTheWebQuestionsWaiting() throws Exception {
        bench = new TestBench();
        Turn running = answering("First?");
        Turn web = bench.assistant.ask(fromWeb("Second?"), AnswerSink.NONE);
        Turn voice = bench.assistant.ask(fromVoice("From the bench?"), AnswerSink.NONE);
        TestBench.await(web);
        TestBench.await(voice);
        bench.settle();
        List<Long> order = bench.events.stream().filter(e -> e.what() instanceof TurnEvent.Answered)
                .map(Event::turn).toList();
        assertEquals(List.of(running.id(), voice.id(), web.id()), order, "the voice question went first");
    }

    @Test
    void aFullQueueRefusesAtOnceWithWhenToRetry() throws Exception {
        bench = new TestBench(TestBench.options().queue(1, Duration.ofSeconds(30)));
        Turn running = answering("First?");
        Turn waiting = bench.assistant.ask(fromWeb("Second?"), AnswerSink.NONE);
        BusyException busy = assertThrows(BusyException.class, () -> bench.assistant.ask(fromWeb("Third?"),
                AnswerSink.NONE));
        assertTrue(busy.getMessage().contains("benchmate.turns.queue-size=1"), busy.getMessage());
        assertTrue(busy.retryAfter().toSeconds() >= 1);
        assertEquals("Simulated answer to turn 2.", TestBench.await(waiting).answer(), "the waiting one ran");
    }

    @Test
    void aQuestionThatWaitsTooLongIsRefusedWhileTheTurnGoesOn() throws Exception {
        bench = new TestBench(TestBench.options().queue(4, Duration.ofMillis(300)));
        Turn running = answering("First?");
        Turn waiting = bench.assistant.ask(fromWeb("Second?"), AnswerSink.NONE);
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.result().get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof BusyException, e.getCause().toString());
        assertTrue(e.getCause().getMessage().contains("waited"), e.getCause().getMessage());
        assertTrue(!running.result().isDone(), "refused while the first turn was still answering");
        assertEquals("Simulated answer to turn 1.", TestBench.await(running).answer());
        assertEquals(0, bench.assistant.waiting());
    }

    @Test
    void withNoRoomToWaitAQuestionRunsWhenTheNpuIsIdleAndIsRefusedWhenItIsNot() throws Exception {
        bench = new TestBench(TestBench.options().queue(0, Duration.ofSeconds(30)));
        assertEquals("Simulated answer to turn 1.", TestBench.await(bench.assistant.ask(fromWeb("Idle?"),
                AnswerSink.NONE)).answer(), "idle: it runs");
        Turn running = answering("First?");
        assertThrows(BusyException.class, () -> bench.assistant.ask(fromWeb("Second?"), AnswerSink.NONE));
        TestBench.await(running);
    }

    @Test
    void aQuestionRefusedAfterWaitingEndsWithAFailedEventOfItsTurn() throws Exception {
        bench = new TestBench(TestBench.options().queue(4, Duration.ofMillis(300)));
        Turn running = answering("First?");
        Turn waiting = bench.assistant.ask(fromWeb("Second?"), AnswerSink.NONE);
        bench.awaitEvent(waiting.id(), e -> e instanceof TurnEvent.Failed f && f.stage() == Stage.TURN
                && f.cause().contains("waited"), Duration.ofSeconds(10));
        TestBench.await(running);
    }

    @Test
    void textForAReceiverArrivesWholeOnItsOwnThreadBeforeTheTurnEnds() throws Exception {
        bench = new TestBench();
        StringBuilder got = new StringBuilder();
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        TurnResult r = TestBench.await(bench.assistant.ask(fromWeb("What is it?"), piece -> {
            threads.add(Thread.currentThread().getName());
            synchronized (got) {
                got.append(piece);
            }
        }));
        synchronized (got) {
            assertEquals(r.answer(), got.toString(), "every piece, in order, before the result");
        }
        assertEquals(java.util.Set.of("benchmate-answer-" + r.turn()), threads, "not the model's callback thread");
    }
}
