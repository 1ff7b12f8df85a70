package dev.benchmate.thinking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.bindings.rkllm.RkllmApi;
import dev.benchmate.looking.RknnVisionEncoder;
import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.TokenListener;
import dev.benchmate.testing.Pictures;
import dev.benchmate.testing.SimulatedNpu;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A picture question split in two runs: the turn's marker and the picture prefilled while the
 * question is spoken (a run that generates nothing), then the question. On each RKLLM ABI of the
 * simulator, which keeps such a run in its KV cache or, switched, does not.
 */
@ParameterizedClass(name = "RKLLM {0}")
@EnumSource(value = RkllmApi.class, names = {"V1_2", "V1_3"})
class SplitPrefillOnSimulatorTest {
    static RknnVisionEncoder encoder;
    @Parameter
    RkllmApi api;
    SimulatedNpu.RkllmProbe probe;
    RkllmLanguageModel model;
    Conversation conversation;
    final List<String> restarts = new ArrayList<>();

    @BeforeAll
    static void loadEncoder() {
        var sim = SimulatedNpu.simulator();
        encoder = RknnVisionEncoder.open(Optional.of(sim.libraryDir()), sim.visionModel(), 0);
    }

    @AfterAll
    static void closeEncoder() {
        encoder.close();
    }

    @BeforeEach
    void chooseAbi() {
        probe = SimulatedNpu.rkllmProbe(api);
    }

    @AfterEach
    void close() {
        SimulatedNpu.prefillOnlyKeepsCache(true);
        if (conversation != null) {
            conversation.close();
        }
    }

    Conversation.SplitProbe open(int maxNewTokens, int maxContextLen) {
        Optional<Path> lib = Optional.of(SimulatedNpu.libraryDir(api));
        model = RkllmLanguageModel.open(lib, api, SimulatedNpu.llmSettings(maxNewTokens, maxContextLen));
        conversation = new Conversation(model, ChatTemplate.qwen("You are a helpful assistant."));
        conversation.onRestart(restarts::add);
        return conversation.probeSplitPrefill(sample());
    }

    static ImageEmbedding picture(int r, int g, int b) {
        return encoder.encode(Pictures.solid(640, 480, r, g, b));
    }

    static ImageEmbedding sample() {
        return picture(127, 127, 127);
    }

    Answer ask(String question, ImageEmbedding picture) {
        return conversation.ask(new Conversation.Request(question, picture, null, null, null, RunOptions.DEFAULT),
                TokenListener.NONE);
    }

    @Test
    void theProbeFindsTheCacheKeptAndThePictureIsPrefilledBeforeTheQuestion() {
        Conversation.SplitProbe found = open(64, 2048);
        assertTrue(found.keepsCache(), found.message());
        assertEquals(0, probe.benchmate_sim_rkllm_history_user_turns(model.handleAddress()),
                "the probe leaves an empty conversation");
        ImageEmbedding green = picture(30, 170, 30);
        assertTrue(conversation.prepare(green));
        int afterPicture = model.kvCacheSize();
        assertTrue(afterPicture > 196, "the picture is in the cache before the question: " + afterPicture);

        Answer a = ask("What colour is it?", green);
        assertEquals("Simulated answer to turn 1. The picture is green.", a.text());
        assertTrue(a.pictureAttached());
        assertFalse(a.restarted());
        assertEquals(1, probe.benchmate_sim_rkllm_history_user_turns(model.handleAddress()),
                "the two runs are one turn");
        assertEquals("Simulated answer to turn 2. The picture is green.", ask("Sure?", null).text());
    }

    @Test
    void theSplitTurnTakesTheSameRoomInTheContextAsOneRun() {
        open(64, 2048);
        ImageEmbedding blue = picture(30, 30, 200);
        conversation.prepare(blue);
        ask("What is on the bench?", blue);
        int split = model.kvCacheSize();
        conversation.reset();
        ask("What is on the bench?", blue);
        assertEquals(model.kvCacheSize(), split);
    }

    @Test
    void aPrefilledPictureWhoseQuestionNeverCameIsDroppedAndTheConversationGoesOn() {
        open(64, 2048);
        ask("What is it?", picture(200, 30, 30));
        ask("Sure?", null);
        ImageEmbedding blue = picture(30, 30, 200);
        assertTrue(conversation.prepare(blue), "a new picture, prefilled after the turns written back");
        conversation.dropPrepared(); // the person said "stop", or nothing at all
        Answer a = ask("And now?", null);
        assertTrue(a.restarted());
        assertEquals(List.of(Conversation.PREPARED_UNUSED), restarts);
        assertEquals("Simulated answer to turn 3. The picture is red.", a.text(),
                "the earlier picture and turns came back, the half turn did not");
    }

    @Test
    void aQuestionThatDoesNotUseThePrefilledPictureStartsAgainWithoutIt() {
        open(64, 2048);
        ask("Hello?", null);
        conversation.prepare(picture(30, 170, 30));
        Answer a = ask("What time is it?", null);
        assertTrue(a.restarted());
        assertEquals("Simulated answer to turn 2.", a.text());
    }

    @Test
    void aNewPictureIntoAKeptConversationIsPrefilledInAFreshOneWithTheRecentTurnsWrittenBack() {
        open(64, 2048);
        ask("What is it?", picture(200, 30, 30));
        ask("Sure?", null);
        ImageEmbedding blue = picture(30, 30, 200);
        assertTrue(conversation.prepare(blue));
        assertEquals(1, probe.benchmate_sim_rkllm_history_picture_entries(model.handleAddress()),
                "never a second picture in a kept conversation");
        Answer a = ask("And this one?", blue);
        assertTrue(a.restarted());
        assertEquals(List.of(Conversation.NEW_PICTURE), restarts);
        assertEquals(2, a.keptTurns());
        assertEquals("Simulated answer to turn 3. The picture is blue.", a.text());
    }

    @Test
    void aFullContextStartsAgainWhileTheQuestionIsSpoken() {
        open(128, 512);
        for (int i = 0; i < 8; i++) { // a conversation without a picture, until a picture would not fit
            ask("What does the part number " + i + " on the left of the board do?", null);
        }
        restarts.clear();
        ImageEmbedding green = picture(30, 170, 30);
        assertTrue(conversation.prepare(green));
        Answer a = ask("And what is this?", green);
        assertTrue(a.restarted());
        assertEquals(List.of(Conversation.CONTEXT_FULL), restarts);
        assertTrue(a.keptTurns() >= 1, "recent turns written back before the picture: " + a.keptTurns());
        assertEquals("Simulated answer to turn " + (a.keptTurns() + 1) + ". The picture is green.", a.text());
        assertEquals(0, probe.benchmate_sim_rkllm_forgotten_entries(model.handleAddress()));
    }

    @Test
    void aNewerFrameReplacesAHalfTurnNobodyAskedAbout() {
        open(64, 2048);
        assertTrue(conversation.prepare(picture(30, 30, 200)));
        ImageEmbedding green = picture(30, 170, 30);
        assertTrue(conversation.prepare(green), "the newer frame is prefilled in place of the older");
        assertFalse(conversation.prepare(green), "the same frame again is already there");
        Answer a = ask("What colour is it?", green);
        assertEquals("Simulated answer to turn 1. The picture is green.", a.text());
        assertEquals(1, probe.benchmate_sim_rkllm_history_picture_entries(model.handleAddress()),
                "one picture in the cache");
    }

    @Test
    void aRuntimeThatDoesNotKeepTheRunIsFoundAtStartAndEveryQuestionIsPrefilledWhole() {
        SimulatedNpu.prefillOnlyKeepsCache(false);
        Conversation.SplitProbe found = open(64, 2048);
        assertFalse(found.keepsCache(), found.message());
        assertTrue(found.message().contains("does not keep"), found.message());
        ImageEmbedding green = picture(30, 170, 30);
        assertFalse(conversation.prepare(green), "nothing is prefilled ahead");
        assertEquals("Simulated answer to turn 1. The picture is green.", ask("What colour?", green).text());
    }

    @Test
    void aRuntimeThatStopsKeepingTheRunLaterFallsBackAtOnce() {
        open(64, 2048);
        SimulatedNpu.prefillOnlyKeepsCache(false);
        ImageEmbedding green = picture(30, 170, 30);
        assertFalse(conversation.prepare(green), "the cache did not grow: not prepared");
        assertFalse(conversation.canPrepare());
        assertEquals("Simulated answer to turn 1. The picture is green.", ask("What colour?", green).text());
    }
}
