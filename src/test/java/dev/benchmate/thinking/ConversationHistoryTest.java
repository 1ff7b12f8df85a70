package dev.benchmate.thinking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.bindings.rkllm.RKLLMSamplingParam;
import dev.benchmate.looking.RknnVisionEncoder;
import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.TokenListener;
import dev.benchmate.testing.Pictures;
import dev.benchmate.testing.SimulatedNpu;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conversation's history as clients see it, and what a request that brings its own history
 * does to the one KV cache: through the real JNA bindings into the simulated runtime, whose reply
 * counts the user turns the KV cache holds ("turn N").
 */
class ConversationHistoryTest {
    static Optional<Path> rkllm;
    static RknnVisionEncoder encoder;
    static SimulatedNpu.RkllmProbe probe;
    RkllmLanguageModel model;
    Conversation conversation;

    @BeforeAll
    static void loadRuntimes() {
        var sim = SimulatedNpu.simulator();
        rkllm = Optional.of(sim.libraryDir());
        encoder = RknnVisionEncoder.open(rkllm, sim.visionModel(), 0);
        probe = SimulatedNpu.rkllmProbe();
    }

    @AfterAll
    static void closeEncoder() {
        encoder.close();
    }

    void open(int maxNewTokens, int maxContextLen) {
        model = RkllmLanguageModel.open(rkllm, SimulatedNpu.llmSettings(maxNewTokens, maxContextLen));
        conversation = new Conversation(model, ChatTemplate.qwen("You are a helpful assistant."));
    }

    @AfterEach
    void close() {
        if (conversation != null) {
            conversation.close();
        }
    }

    static ImageEmbedding picture(int r, int g, int b) {
        return encoder.encode(Pictures.solid(640, 480, r, g, b));
    }

    /** A request as an OpenAI-style client sends it: its whole history, then the new question. */
    Answer request(List<Exchange> history, String question, ImageEmbedding picture, String digest) {
        return conversation.ask(new Conversation.Request(question, picture, digest, history, null, RunOptions.DEFAULT),
                TokenListener.NONE);
    }

    @Test
    void aRequestThatExtendsTheHeldConversationOnlyPrefillsItsNewQuestion() {
        open(64, 2048);
        Answer first = request(List.of(), "What colour is it?", picture(30, 170, 30), "sha-green");
        assertEquals("Simulated answer to turn 1. The picture is green.", first.text());
        assertEquals(List.of(new Exchange("What colour is it?", "sha-green", first.text())), conversation.history());

        Answer second = request(List.of(new Exchange("What colour is it?", "sha-green", first.text())), "Sure?", null,
                null);
        assertEquals("Simulated answer to turn 2. The picture is green.", second.text());
        assertFalse(second.restarted());
        assertTrue(second.stats().prefillTokens() < 20, "only the new question was prefilled: "
                + second.stats().prefillTokens());
        assertEquals(2, conversation.history().size());
    }

    @Test
    void whitespaceAroundTextDoesNotMakeAnotherHistory() {
        open(64, 2048);
        Answer first = request(List.of(), "Hello?", null, null);
        Answer second = request(List.of(new Exchange("  Hello?\n", null, first.text() + "\n")), "Again?", null, null);
        assertEquals("Simulated answer to turn 2.", second.text());
    }

    @Test
    void aRequestWithAnotherHistoryStartsAgainWithItWrittenBackTurnByTurn() {
        open(64, 2048);
        request(List.of(), "Hello?", null, null);
        request(List.of(new Exchange("Hello?", null, "Simulated answer to turn 1.")), "And?", null, null);
        List<Exchange> other = List.of(new Exchange("What is a resistor?", null, "A part that resists current."),
                new Exchange("And a diode?", null, "A one-way valve for current."));

        List<String> restarts = new ArrayList<>();
        conversation.onRestart(restarts::add);
        Answer answer = request(other, "Which way does it point?", null, null);

        assertEquals("Simulated answer to turn 3.", answer.text(), "the two exchanges, each a turn, then the question");
        assertTrue(answer.restarted());
        assertEquals(List.of(Conversation.OTHER_HISTORY), restarts);
        assertEquals(3, probe.benchmate_sim_rkllm_history_user_turns(model.handleAddress()));
        assertTrue(answer.stats().prefillTokens() > 30, "the earlier exchanges were prefilled in one run: "
                + answer.stats().prefillTokens());
        List<Exchange> held = new ArrayList<>(other);
        held.add(new Exchange("Which way does it point?", null, answer.text()));
        assertEquals(held, conversation.history(), "the history is the request's, and its answer");

        Answer next = request(held, "Thanks?", null, null);
        assertEquals("Simulated answer to turn 4.", next.text(), "the next request extends it");
        assertFalse(next.restarted());
    }

    @Test
    void aSingleQuestionAfterAConversationStartsANewOne() {
        open(64, 2048);
        request(List.of(), "Hello?", null, null);
        Answer again = request(List.of(), "Hello?", null, null);
        assertEquals("Simulated answer to turn 1.", again.text());
        assertTrue(again.restarted());
    }

    @Test
    void anotherPictureWithTheSameWordsIsAnotherHistory() {
        open(64, 2048);
        Answer first = request(List.of(), "What is it?", picture(200, 30, 30), "sha-red");
        Answer second = request(List.of(new Exchange("What is it?", "sha-blue", first.text())), "Sure?", null, null);
        assertEquals("Simulated answer to turn 2.", second.text(),
                "a different picture digest restarts, the client's exchange written back without the picture");
        assertTrue(second.restarted());
    }

    @Test
    void aTurnWithoutExpectedHistoryChangesTheHistoryTheNextRequestMustExtend() {
        open(64, 2048);
        Answer first = request(List.of(), "Hello?", null, null);
        List<Exchange> client = List.of(new Exchange("Hello?", null, first.text()));
        // the voice loop takes a turn in between
        Answer voice = conversation.ask("What time is it?", TokenListener.NONE);
        assertEquals("Simulated answer to turn 2.", voice.text());
        assertEquals(2, conversation.history().size(), "every front door's turns are kept in the history");

        Answer next = request(client, "And?", null, null);
        assertEquals("Simulated answer to turn 2.", next.text(),
                "the client's history is no longer the one held: its one exchange is written back");
        assertTrue(next.restarted());
    }

    @Test
    void resetEmptiesTheHistory() {
        open(64, 2048);
        Answer first = request(List.of(), "Hello?", null, null);
        conversation.reset();
        assertEquals(List.of(), conversation.history());
        Answer next = request(List.of(new Exchange("Hello?", null, first.text())), "And?", null, null);
        assertTrue(next.restarted(), "the cache no longer holds what the client sends");
        assertEquals("Simulated answer to turn 2.", next.text());
    }

    @Test
    void onARestartTheHistorysLatestPictureIsAttachedWhenTheQuestionBringsNone() {
        open(64, 2048);
        AtomicInteger encoded = new AtomicInteger();
        Supplier<ImageEmbedding> blue = () -> {
            encoded.incrementAndGet();
            return picture(30, 30, 200);
        };
        List<Exchange> history = List.of(new Exchange("What is it?", "sha-blue", "A blue card."));
        Answer answer = conversation.ask(new Conversation.Request("And its colour?", null, null, history, blue,
                RunOptions.DEFAULT), TokenListener.NONE);
        assertEquals("Simulated answer to turn 2. The picture is blue.", answer.text());
        assertEquals(1, encoded.get());
        assertTrue(answer.pictureAttached());

        List<Exchange> extended = new ArrayList<>(history);
        extended.add(new Exchange("And its colour?", null, answer.text()));
        Answer next = conversation.ask(new Conversation.Request("Sure?", null, null, extended, blue,
                RunOptions.DEFAULT), TokenListener.NONE);
        assertEquals("Simulated answer to turn 3. The picture is blue.", next.text());
        assertEquals(1, encoded.get(), "extending the held conversation encodes no picture again");
    }

    @Test
    void aLongHistoryIsCutFromTheOldestEndToFitTheContext() {
        open(32, 400);
        List<Exchange> history = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            history.add(new Exchange("Question number " + i + " about the board?", null,
                    "Answer number " + i + " about the board."));
        }
        Answer answer = request(history, "Last one?", null, null);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Simulated answer to turn (\\d+)\\.")
                .matcher(answer.text());
        assertTrue(m.matches(), answer.text());
        int turns = Integer.parseInt(m.group(1));
        assertTrue(turns > 1 && turns < 61, "some of the newest exchanges were written back, not all 60: " + turns);
        assertEquals(0, probe.benchmate_sim_rkllm_forgotten_entries(model.handleAddress()),
                "nothing overflowed the window: the context was cut before the run");
        assertEquals(61, conversation.history().size());
    }

    @Test
    void aQuestionThatCanNeverFitIsRefusedAndTheHeldHistoryStays() {
        open(32, 200);
        Answer first = request(List.of(), "Hello?", null, null);
        String huge = "word ".repeat(2000);
        assertThrows(QuestionTooLongException.class, () -> request(List.of(), huge, null, null));
        assertEquals(List.of(new Exchange("Hello?", null, first.text())), conversation.history());
        assertEquals(1, probe.benchmate_sim_rkllm_history_user_turns(model.handleAddress()), "nothing was cleared");
    }

    @Test
    void aRunsOwnTokenLimitEndsTheAnswerThereAndSaysSo() {
        open(64, 2048);
        Answer cut = conversation.ask(new Conversation.Request("Hello?", null, null, null, null,
                new RunOptions(3, null, null)), TokenListener.NONE);
        assertEquals("Simulated answer to", cut.text());
        assertTrue(cut.limitReached());
        assertEquals(3, probe.benchmate_sim_rkllm_last_max_new_tokens(model.handleAddress()));

        Answer whole = conversation.ask("Again?", TokenListener.NONE);
        assertFalse(whole.limitReached(), "an answer that ends by itself did not reach its limit");
        assertEquals(64, probe.benchmate_sim_rkllm_last_max_new_tokens(model.handleAddress()));

        conversation.ask(new Conversation.Request("More?", null, null, null, null, new RunOptions(500, null, null)),
                TokenListener.NONE);
        assertEquals(64, probe.benchmate_sim_rkllm_last_max_new_tokens(model.handleAddress()),
                "never above the configured limit the context budget is planned with");
    }

    @Test
    void aRunsOwnSamplingReachesTheRuntimeAndOtherRunsKeepTheLoadedOne() {
        open(64, 2048);
        RKLLMSamplingParam seen = new RKLLMSamplingParam();
        conversation.ask(new Conversation.Request("Hello?", null, null, null, null, new RunOptions(null, 0.3f, null)),
                TokenListener.NONE);
        assertEquals(1, probe.benchmate_sim_rkllm_last_sampling(model.handleAddress(), seen));
        seen.read();
        assertEquals(0.3f, seen.temperature, 1e-6);
        assertEquals(0.8f, seen.top_p, 1e-6, "what the run does not name keeps the configured value");
        assertEquals(1, seen.top_k);
        assertEquals(1.1f, seen.repeat_penalty, 1e-6);
        assertEquals(5.0f, seen.mirostat_tau, 1e-6, "the runtime's own default, as loaded");

        conversation.ask("Again?", TokenListener.NONE);
        assertEquals(0, probe.benchmate_sim_rkllm_last_sampling(model.handleAddress(), seen));
        seen.read();
        assertEquals(0.7f, seen.temperature, 1e-6, "the configured temperature");
    }
}
