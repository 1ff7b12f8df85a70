package dev.benchmate.thinking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.TokenListener;
import dev.benchmate.testing.SimulatedNpu;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator's fault knobs (BENCHMATE_SIM_FAIL_TURNS, BENCHMATE_SIM_STALL_TURNS) seen through the
 * real Java path: RkllmLanguageModel and Conversation over the JNA bindings. The knobs name
 * generating runs counted over the whole process, so each test aims at the next run's number.
 */
class SimulatorFaultsTest {
    static Optional<Path> rkllm;
    static SimulatedNpu.RkllmProbe probe;
    RkllmLanguageModel model;
    Conversation conversation;

    @BeforeAll
    static void loadRuntime() {
        rkllm = Optional.of(SimulatedNpu.simulator().libraryDir());
        probe = SimulatedNpu.rkllmProbe();
    }

    void open() {
        model = RkllmLanguageModel.open(rkllm, SimulatedNpu.llmSettings(64, 2048));
        conversation = new Conversation(model, ChatTemplate.qwen("You are a helpful assistant."));
    }

    @AfterEach
    void close() {
        SimulatedNpu.clearFaults();
        SimulatedNpu.clearDelays();
        if (conversation != null) {
            conversation.close();
        }
    }

    int userTurnsInCache() {
        return probe.benchmate_sim_rkllm_history_user_turns(model.handleAddress());
    }

    @Test
    void aFailedTurnStreamsAFewTokensThenThrowsAndIsNotKept() {
        open();
        int next = SimulatedNpu.nextGeneratingRun();
        SimulatedNpu.setFaults(Integer.toString(next + 1), null);

        assertEquals("Simulated answer to turn 1.", conversation.ask("First?", TokenListener.NONE).text());
        int kvBefore = conversation.kvCacheSize();
        List<String> pieces = new ArrayList<>();
        LanguageModelException e = assertThrows(LanguageModelException.class,
                () -> conversation.ask("Second?", pieces::add));
        assertTrue(e.getMessage().contains("RKLLM_RUN_ERROR"), e.getMessage());
        assertEquals("Simulated answer to", String.join("", pieces), "three tokens came before the error");
        assertFalse(conversation.isAnswering());
        assertEquals(kvBefore, conversation.kvCacheSize(), "the failed turn left the KV cache as it was");
        assertEquals(1, userTurnsInCache());

        assertEquals("Simulated answer to turn 2.", conversation.ask("Third?", TokenListener.NONE).text(),
                "numbered as if the failed question had never been asked");
        assertEquals(next + 2, probe.benchmate_sim_rkllm_generating_runs(), "the failed run counted");
    }

    @Test
    void aFailedFirstTurnLeavesTheConversationFresh() {
        open();
        SimulatedNpu.setFaults(Integer.toString(SimulatedNpu.nextGeneratingRun()), null);
        List<String> pieces = new ArrayList<>();
        assertThrows(LanguageModelException.class, () -> conversation.ask("这是什么？", pieces::add));
        assertEquals("模拟回", String.join("", pieces), "three whole characters, none broken");
        assertEquals(0, conversation.kvCacheSize(), "not even the system prompt stayed");

        Answer a = conversation.ask("Hello?", TokenListener.NONE);
        assertEquals("Simulated answer to turn 1.", a.text());
        assertTrue(a.stats().prefillTokens() > 9, "the system prompt is prefilled by the first kept turn");
    }

    @Test
    void aListFailsEachNamedRun() {
        open();
        int next = SimulatedNpu.nextGeneratingRun();
        SimulatedNpu.setFaults(next + ", " + (next + 2), null);
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            try {
                outcomes.add(conversation.ask("Question " + i, TokenListener.NONE).text());
            } catch (LanguageModelException e) {
                outcomes.add("error");
            }
        }
        assertEquals(List.of("error", "Simulated answer to turn 1.", "error", "Simulated answer to turn 2."),
                outcomes);
    }

    @Test
    void aStalledTurnBlocksUntilAbortedFromAnotherThread() throws Exception {
        open();
        SimulatedNpu.setFaults(null, Integer.toString(SimulatedNpu.nextGeneratingRun()));
        List<String> pieces = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Answer> answer = CompletableFuture.supplyAsync(() -> conversation.ask("Go on", pieces::add));
        awaitAnswering();
        Thread.sleep(300);
        assertFalse(answer.isDone(), "a stalled turn does not finish");
        assertTrue(conversation.isAnswering(), "and is reported running");
        assertTrue(pieces.isEmpty(), "nor produce a token: " + pieces);

        conversation.abort();
        Answer a = answer.get(5, TimeUnit.SECONDS);
        assertTrue(a.aborted());
        assertEquals("", a.text());
        assertFalse(conversation.isAnswering());
        assertEquals("Simulated answer to turn 2.", conversation.ask("Again", TokenListener.NONE).text(),
                "the aborted turn is kept in the history, as any aborted turn");
    }

    @Test
    void aStalledTurnEndsWhenTheModelIsClosed() throws Exception {
        int handles = probe.benchmate_sim_rkllm_live_handles();
        open();
        SimulatedNpu.setFaults(null, Integer.toString(SimulatedNpu.nextGeneratingRun()));
        CompletableFuture<Answer> answer = CompletableFuture.supplyAsync(
                () -> conversation.ask("Go on", TokenListener.NONE));
        awaitAnswering();
        conversation.close();
        conversation = null;
        // The run ends as an abort in the runtime; RkllmLanguageModel marks an answer aborted only
        // for its own abort(), not for close(), so only the empty answer is checked here.
        assertEquals("", answer.get(5, TimeUnit.SECONDS).text());
        assertEquals(handles, probe.benchmate_sim_rkllm_live_handles(), "the handle was destroyed");
    }

    @Test
    void malformedValuesAreIgnored() {
        open();
        int next = SimulatedNpu.nextGeneratingRun();
        SimulatedNpu.setFaults(next + ",,x", "0");
        assertEquals("Simulated answer to turn 1.", conversation.ask("One?", TokenListener.NONE).text());
        SimulatedNpu.setFaults("-1", (next + 1) + ".");
        assertEquals("Simulated answer to turn 2.", conversation.ask("Two?", TokenListener.NONE).text());
        assertEquals(next + 1, probe.benchmate_sim_rkllm_generating_runs());
    }

    @Test
    void aRefusedRunIsNotAGeneratingRun() {
        open();
        int before = probe.benchmate_sim_rkllm_generating_runs();
        ImageEmbedding wrong = new ImageEmbedding(new float[100 * 2048], 100, 2048, 392, 392, Duration.ZERO, "bad");
        assertThrows(LanguageModelException.class, () -> conversation.ask("And this?", wrong, TokenListener.NONE));
        assertEquals(before, probe.benchmate_sim_rkllm_generating_runs());
    }

    void awaitAnswering() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!conversation.isAnswering()) {
            assertTrue(System.nanoTime() < deadline, "the turn never started");
            Thread.sleep(5);
        }
    }
}
