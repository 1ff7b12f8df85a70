package dev.benchmate.thinking;

import dev.benchmate.media.TokenListener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.looking.RknnVisionEncoder;
import dev.benchmate.testing.Pictures;
import dev.benchmate.testing.SimulatedNpu;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import dev.benchmate.bindings.rkllm.RkllmApi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Multi-turn dialogue through the real JNA bindings into the simulated RKLLM and RKNN runtimes, on
 * each RKLLM C ABI (the simulator's 1.2.x and 1.3.x builds).
 */
@ParameterizedClass(name = "RKLLM {0}")
@EnumSource(value = RkllmApi.class, names = {"V1_2", "V1_3"})
class ConversationOnSimulatorTest {
    static RknnVisionEncoder encoder;
    @Parameter
    RkllmApi api;
    Optional<Path> rkllm;
    SimulatedNpu.RkllmProbe probe;
    RkllmLanguageModel model;
    Conversation conversation;

    @BeforeAll
    static void loadRuntimes() {
        var sim = SimulatedNpu.simulator();
        encoder = RknnVisionEncoder.open(Optional.of(sim.libraryDir()), sim.visionModel(), 0);
    }

    @BeforeEach
    void chooseAbi() {
        rkllm = Optional.of(SimulatedNpu.libraryDir(api));
        probe = SimulatedNpu.rkllmProbe(api);
    }

    @AfterAll
    static void closeEncoder() {
        encoder.close();
    }

    void open(int maxNewTokens, int maxContextLen) {
        model = RkllmLanguageModel.open(rkllm, api, SimulatedNpu.llmSettings(maxNewTokens, maxContextLen));
        conversation = new Conversation(model, ChatTemplate.qwen("You are a helpful assistant."));
    }

    @AfterEach
    void close() {
        SimulatedNpu.clearDelays();
        if (conversation != null) {
            conversation.close();
        }
    }

    static ImageEmbedding picture(int r, int g, int b) {
        return encoder.encode(Pictures.solid(640, 480, r, g, b));
    }

    @Test
    void followUpKeepsTheFirstTurnsPicture() {
        open(64, 2048);
        Answer first = conversation.ask("What is in the image?", picture(255, 0, 0), TokenListener.NONE);
        Answer second = conversation.ask("And what colour is it?", TokenListener.NONE);

        assertEquals("Simulated answer to turn 1. The picture is red.", first.text());
        assertEquals("Simulated answer to turn 2. The picture is red.", second.text());
        assertTrue(first.pictureAttached());
        assertFalse(second.pictureAttached(), "a follow-up reuses the picture in the KV cache");
        assertTrue(second.kvCacheSize() > first.kvCacheSize(), "history is kept in the KV cache");
        assertEquals(2, probe.benchmate_sim_rkllm_history_user_turns(model.handleAddress()));
    }

    @Test
    void followUpOnlyPrefillsItsOwnTokens() {
        open(64, 2048);
        Answer first = conversation.ask("What is in the image?", picture(0, 0, 255), TokenListener.NONE);
        List<String> pieces = new ArrayList<>();
        Answer second = conversation.ask("Why?", pieces::add);
        assertTrue(first.stats().prefillTokens() > 196, "the picture's tokens are prefilled once");
        assertTrue(second.stats().prefillTokens() < 20,
                "keep_history: the follow-up prefilled " + second.stats().prefillTokens() + " tokens");
        assertEquals(pieces.size(), second.stats().generateTokens(),
                "the runtime's figures count the streamed tokens");
    }

    @Test
    void clearStartsANewConversationKeepingTheSystemPrompt() {
        open(64, 2048);
        conversation.ask("What is it?", picture(0, 255, 0), TokenListener.NONE);
        conversation.ask("Sure?", TokenListener.NONE);
        int systemOnly;
        conversation.reset();
        systemOnly = conversation.kvCacheSize();
        Answer fresh = conversation.ask("Hello?", TokenListener.NONE);

        assertEquals("Simulated answer to turn 1.", fresh.text(), "no turn and no picture survive clear");
        assertTrue(systemOnly > 0, "the system prompt stays in the KV cache after clear");
        assertFalse(conversation.hasPictureInContext());
    }

    @Test
    void imageQuestionSendsOneMultimodalInputAndTextQuestionsNone() {
        open(64, 2048);
        conversation.ask("<image>What is this?", picture(255, 255, 0), TokenListener.NONE);
        assertEquals(1, probe.benchmate_sim_rkllm_last_image_count(model.handleAddress()));
        conversation.ask("And this?", TokenListener.NONE);
        assertEquals(0, probe.benchmate_sim_rkllm_last_image_count(model.handleAddress()));
    }

    @Test
    void redStaysRedAndBlueStaysBlue() {
        open(64, 2048);
        assertTrue(conversation.ask("?", picture(255, 0, 0), TokenListener.NONE).text().endsWith("is red."));
        conversation.reset();
        assertTrue(conversation.ask("?", picture(0, 0, 255), TokenListener.NONE).text().endsWith("is blue."),
                "RGB order: a blue picture must not come out red");
    }

    @Test
    void aNewPictureStartsAFreshConversationWithTheRecentTurnsWrittenBack() {
        open(64, 2048);
        conversation.ask("What is it?", picture(255, 0, 0), TokenListener.NONE);
        conversation.ask("Are you sure?", TokenListener.NONE);
        List<String> why = new ArrayList<>();
        conversation.onRestart(why::add);
        ImageEmbedding blue = picture(0, 0, 255);
        Answer a = conversation.ask("And this one?", blue, TokenListener.NONE);
        assertEquals("Simulated answer to turn 3. The picture is blue.", a.text(),
                "the two earlier turns written back as turns of their own, then the new question");
        assertTrue(a.restarted());
        assertEquals(List.of(Conversation.NEW_PICTURE), why);
        assertEquals(1, probe.benchmate_sim_rkllm_history_picture_entries(model.handleAddress()),
                "one picture in the fresh cache: the new one");
        assertEquals(3, conversation.history().size(), "the earlier exchanges are still the conversation's");
        assertEquals("Simulated answer to turn 4. The picture is blue.",
                conversation.ask("What colour?", TokenListener.NONE).text());
        Answer same = conversation.ask("<image>Again?", blue, TokenListener.NONE);
        assertFalse(same.restarted(), "the same picture again is not a new one");
    }

    @Test
    void onARuntimeThatKeepsTheFirstPictureTheAnswerStillNamesTheNewOne() {
        open(64, 2048);
        SimulatedNpu.LibC.INSTANCE.setenv("BENCHMATE_SIM_STICKY_PICTURE", "1", 1);
        try {
            // What such a runtime does with a second picture in a kept conversation (issue 257) ...
            model.run(ModelInput.withPicture("What is it?", picture(255, 0, 0)), true, RunOptions.DEFAULT,
                    TokenListener.NONE);
            RunOutcome raw = model.run(ModelInput.withPicture("And this?", picture(0, 255, 0)), true,
                    RunOptions.DEFAULT, TokenListener.NONE);
            assertTrue(raw.text().endsWith("The picture is red."), "the simulator plays the reported runtime: " + raw);
            conversation.reset();
            // ... and Benchmate's conversation, which never sends a second picture into a kept one.
            conversation.ask("What is it?", picture(255, 0, 0), TokenListener.NONE);
            Answer a = conversation.ask("And this?", picture(0, 255, 0), TokenListener.NONE);
            assertTrue(a.text().endsWith("The picture is green."), a.text());
        } finally {
            SimulatedNpu.LibC.INSTANCE.unsetenv("BENCHMATE_SIM_STICKY_PICTURE");
        }
    }

    @Test
    void aWideBluePicturePaddedToASquareIsStillBlue() {
        open(64, 2048);
        // 4:1, so three quarters of the square is gray padding.
        ImageEmbedding wide = encoder.encode(Pictures.solid(1600, 400, 20, 40, 230));
        assertTrue(conversation.ask("?", wide, TokenListener.NONE).text().endsWith("The picture is blue."));
    }

    @Test
    void fullContextRestartsWithThePictureAndSaysSo() {
        open(32, 512);
        List<Answer> answers = new ArrayList<>();
        answers.add(conversation.ask("What is on the bench?", picture(255, 0, 255), TokenListener.NONE));
        for (int i = 0; i < 30 && answers.stream().noneMatch(Answer::restarted); i++) {
            answers.add(conversation.ask("Tell me more about the part on the left of the board, please.",
                    TokenListener.NONE));
        }
        Answer restarted = answers.get(answers.size() - 1);
        assertTrue(restarted.restarted(), "a full context restarts the conversation");
        assertTrue(restarted.pictureAttached(), "the picture is re-attached in the fresh conversation");
        assertTrue(restarted.text().matches("Simulated answer to turn ([2-9]|\\d\\d+)\\. The picture is magenta\\."),
                "the most recent turns were written back after the picture: " + restarted.text());
        assertEquals(0, probe.benchmate_sim_rkllm_forgotten_entries(model.handleAddress()),
                "the runtime never had to forget silently");
        for (Answer a : answers) {
            assertTrue(a.kvCacheSize() <= 512);
        }
    }

    /** The seed's command line (max_new_tokens 128, max_context_len 512): a picture leaves room for few follow-ups. */
    @Test
    void twelveFollowUpsAtTheSeedsContextLengthStillKnowThePictureAndWhatWasJustSaid() {
        open(128, 512);
        Answer first = conversation.ask("What is on the bench?", picture(30, 170, 30), TokenListener.NONE);
        assertEquals("Simulated answer to turn 1. The picture is green.", first.text());
        int turn = 1;
        int restarts = 0;
        boolean restartedBefore = false;
        for (int i = 1; i <= 12; i++) {
            Answer a = conversation.ask("And what is beside it, on the left of part number " + i + "?",
                    TokenListener.NONE);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Simulated answer to turn (\\d+)\\. The picture is "
                    + "green\\.").matcher(a.text());
            assertTrue(m.matches(), "follow-up " + i + " still sees the picture: " + a.text());
            int now = Integer.parseInt(m.group(1));
            if (a.restarted()) {
                restarts++;
                assertTrue(a.keptTurns() >= 1 && now == a.keptTurns() + 1, "follow-up " + i + " restarted the "
                        + "context with " + a.keptTurns() + " recent turn(s) written back before it: " + a.text());
                assertTrue(now <= turn, "only some of the turns fit: " + a.text());
                assertTrue(a.pictureAttached(), "the picture went back in");
                assertFalse(restartedBefore, "the share left room for the next follow-up");
            } else {
                assertEquals(turn + 1, now, "follow-up " + i + " goes on from the one before");
            }
            restartedBefore = a.restarted();
            turn = now;
        }
        assertTrue(restarts >= 2, "twelve follow-ups restart a 512-token context more than once: " + restarts);
        assertEquals(0, probe.benchmate_sim_rkllm_forgotten_entries(model.handleAddress()),
                "the runtime never had to forget silently");
        assertEquals(13, conversation.history().size(), "every turn is still the conversation's");
    }

    @Test
    void withNoShareKeptARestartWritesBackOnlyThePicture() {
        model = RkllmLanguageModel.open(rkllm, api, SimulatedNpu.llmSettings(128, 512));
        conversation = new Conversation(model, ChatTemplate.qwen("You are a helpful assistant."), 0.0);
        conversation.ask("What is on the bench?", picture(30, 30, 200), TokenListener.NONE);
        Answer a = null;
        for (int i = 0; i < 30 && (a == null || !a.restarted()); i++) {
            a = conversation.ask("And what is beside it, on the left of that part?", TokenListener.NONE);
        }
        assertTrue(a.restarted(), "the context filled up");
        assertEquals("Simulated answer to turn 1. The picture is blue.", a.text());
    }

    @Test
    void aQuestionTooLongForAnyContextIsRefusedAndNothingIsLost() {
        open(32, 512);
        conversation.ask("What is it?", picture(255, 0, 0), TokenListener.NONE);
        int kv = conversation.kvCacheSize();
        String huge = "word ".repeat(3000);
        QuestionTooLongException e = assertThrows(QuestionTooLongException.class,
                () -> conversation.ask(huge, TokenListener.NONE));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
        assertEquals(kv, conversation.kvCacheSize(), "the refused question touched nothing");
        assertEquals("Simulated answer to turn 2. The picture is red.",
                conversation.ask("And now?", TokenListener.NONE).text());
    }

    @Test
    void abortFromTheListenerStopsWithinOneToken() {
        open(200, 2048);
        List<String> pieces = new ArrayList<>();
        Answer a = conversation.ask("Go on", text -> {
            pieces.add(text);
            if (pieces.size() == 2) {
                conversation.abort();
            }
        });
        assertTrue(pieces.size() <= 3, "at most one token after abort, got " + pieces);
        assertTrue(a.aborted());
        assertEquals(0, probe.benchmate_sim_rkllm_aborts_in_callback(model.handleAddress()),
                "stopped by returning 1 from the callback, not by rkllm_abort on the runtime's own thread");
        assertTrue(a.stats().prefillTokens() > 0, "the stopped run's figures still arrive with RKLLM_RUN_FINISH");
        assertEquals("Simulated answer to turn 2.", conversation.ask("Again", TokenListener.NONE).text(),
                "the aborted turn is kept in the history and the conversation goes on");
    }

    @Test
    void abortFromAnotherThreadStopsWithinOneToken() throws Exception {
        open(200, 2048);
        SimulatedNpu.setDelays(0, 0, 30);
        CountDownLatch firstToken = new CountDownLatch(1);
        List<Long> tokenTimes = new ArrayList<>();
        CompletableFuture<Answer> answer = CompletableFuture.supplyAsync(() -> conversation.ask("Go on", text -> {
            synchronized (tokenTimes) {
                tokenTimes.add(System.nanoTime());
            }
            firstToken.countDown();
        }));
        assertTrue(firstToken.await(5, TimeUnit.SECONDS));
        assertTrue(conversation.isAnswering());
        int before;
        synchronized (tokenTimes) {
            conversation.abort();
            before = tokenTimes.size();
        }
        Answer a = answer.get(5, TimeUnit.SECONDS);
        assertTrue(a.aborted());
        assertTrue(tokenTimes.size() - before <= 1, "tokens after abort: " + (tokenTimes.size() - before));
        assertFalse(conversation.isAnswering());
    }

    @Test
    void chineseSplitAcrossCallbacksArrivesIntact() {
        open(64, 2048);
        List<String> pieces = new ArrayList<>();
        Answer a = conversation.ask("<image>这张图片中有什么？", picture(255, 0, 0), pieces::add);
        assertEquals("模拟回答，第1轮。图片是红色。", a.text());
        assertEquals(a.text(), String.join("", pieces));
        assertTrue(pieces.stream().noneMatch(p -> p.contains("\uFFFD")), "no broken character: " + pieces);
    }

    @Test
    void aChineseSystemPromptWorks() {
        model = RkllmLanguageModel.open(rkllm, api, SimulatedNpu.llmSettings(64, 2048));
        conversation = new Conversation(model, ChatTemplate.qwen("你是一个乐于助人的助手。"));
        Answer a = conversation.ask("你好", TokenListener.NONE);
        assertEquals("模拟回答，第1轮。", a.text());
        assertTrue(a.stats().prefillTokens() >= 10, "the Chinese system prompt was prefilled");
    }

    @Test
    void aRuntimeErrorIsReportedAndTheConversationGoesOn() {
        open(64, 2048);
        conversation.ask("What is it?", picture(0, 255, 0), TokenListener.NONE);
        // An embedding whose size disagrees with the model: the runtime answers RKLLM_RUN_ERROR.
        ImageEmbedding wrong = new ImageEmbedding(new float[100 * 2048], 100, 2048, 392, 392, Duration.ZERO, "bad");
        LanguageModelException e = assertThrows(LanguageModelException.class,
                () -> conversation.ask("And this?", wrong, TokenListener.NONE));
        assertTrue(e.getMessage().contains("error"), e.getMessage());
        // The new picture started a fresh conversation that failed: the next question starts again
        // with the earlier picture and exchange written back (its turn, then this one: turn 2).
        Answer next = conversation.ask("Still there?", TokenListener.NONE);
        assertEquals("Simulated answer to turn 2. The picture is green.", next.text());
        assertTrue(next.restarted());
        assertEquals(2, conversation.history().size(), "nothing the client saw was forgotten");
    }

    @Test
    void closeReleasesTheHandle() {
        int before = probe.benchmate_sim_rkllm_live_handles();
        open(64, 2048);
        assertEquals(before + 1, probe.benchmate_sim_rkllm_live_handles());
        conversation.close();
        conversation.close();
        conversation = null;
        assertEquals(before, probe.benchmate_sim_rkllm_live_handles());
    }
}
