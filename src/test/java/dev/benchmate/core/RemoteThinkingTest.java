package dev.benchmate.core;

import static dev.benchmate.thinking.remote.ScriptedEngine.chunk;
import static dev.benchmate.thinking.remote.ScriptedEngine.done;
import static dev.benchmate.thinking.remote.ScriptedEngine.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.AudioClip;
import dev.benchmate.speaking.Synthesizer;
import dev.benchmate.testing.SimulatedNpu;
import dev.benchmate.testing.TestBench;
import dev.benchmate.testing.Voice;
import dev.benchmate.thinking.Conversation;
import dev.benchmate.thinking.remote.EngineClient;
import dev.benchmate.thinking.remote.RemoteConversation;
import dev.benchmate.thinking.remote.RemoteSettings;
import dev.benchmate.thinking.remote.ScriptedEngine;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Assistant thinking on an engine on the LAN: what the person hears when it fails, with and without the NPU. */
class RemoteThinkingTest {
    ScriptedEngine engine;
    TestBench bench;
    final List<String> said = new CopyOnWriteArrayList<>();

    /** MaryTTS, keeping each text it is given. */
    final Synthesizer listening = new Synthesizer() {
        @Override
        public AudioClip synthesize(String text) {
            said.add(text);
            return Voice.mary().synthesize(text);
        }

        @Override
        public int sampleRate() {
            return Voice.mary().sampleRate();
        }
    };

    @AfterEach
    void stop() {
        if (bench != null) {
            bench.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    static RemoteConversation remote(URI url) {
        return new RemoteConversation(new EngineClient(new RemoteSettings(url, Optional.of("vl"), Optional.empty(),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2), 64, 4096, 0.2f, 0.9f, 1024, 85,
                "Be brief.")));
    }

    @Test
    void theEnginesAnswerIsSpokenAndAFailedEngineIsSaidOnceBeforeTheNpusAnswer() throws Exception {
        engine = new ScriptedEngine();
        engine.reply = ScriptedEngine.Reply.sse(chunk("It is green. "), chunk("Quite bright."), usage(900, 6), done());
        Brain npu = SimulatedNpu.brain(64, 2048);
        RemoteFirst chat = new RemoteFirst(remote(engine.url()), (Conversation) npu.conversation(), npu.encoder(),
                Duration.ofMinutes(1), line -> { });
        bench = new TestBench(TestBench.options().synthesizer(listening)
                .brain(Brain.elsewhere(chat, "the scripted engine, the NPU as fallback", true, npu)));
        TurnResult first = bench.answer("What colour is this?");
        assertEquals("It is green. Quite bright.", first.answer());
        assertTrue(first.pictureAttached());
        assertEquals("remote", first.latency().thinker());
        assertEquals(List.of("It is green.", "Quite bright."), first.spokenSentences());
        assertTrue(engine.bodies.get(0).contains("data:image/jpeg;base64,"), "the camera's frame went as a JPEG");

        engine.modelsStatus = 500;
        engine.reply = ScriptedEngine.Reply.status(500, "{\"error\":{\"message\":\"CUDA out of memory\"}}");
        TurnResult second = bench.answer("And now?");
        assertEquals("npu", second.latency().thinker());
        assertTrue(second.answer().endsWith("The picture is green."), second.answer());
        assertEquals(RemoteFirst.SAY, second.spokenSentences().get(0), second.spokenSentences().toString());
        assertTrue(second.problems().get(0).startsWith(RemoteFirst.FALLING_BACK), second.problems().toString());
        assertTrue(second.problems().get(0).contains("CUDA out of memory"), second.problems().toString());
        assertTrue(bench.saw(e -> e instanceof TurnEvent.Failed f && f.stage() == Stage.THINKING && f.turnGoesOn()
                && f.cause().contains("CUDA out of memory")));
        TurnResult third = bench.answer("And now?");
        assertTrue(third.problems().isEmpty(), "said once: " + third.problems());
        assertTrue(third.spokenSentences().stream().noneMatch(RemoteFirst.SAY::equals));
    }

    @Test
    void stopDropsTheEnginesStreamAtOnce() throws Exception {
        engine = new ScriptedEngine();
        Object[] pieces = new Object[41];
        pieces[0] = chunk("Counting.");
        for (int i = 1; i < 40; i += 2) {
            pieces[i] = 250L;
            pieces[i + 1] = chunk(" More.");
        }
        pieces[40] = done();
        engine.reply = ScriptedEngine.Reply.sse(pieces);
        bench = new TestBench(TestBench.options().synthesizer(listening)
                .brain(Brain.elsewhere(remote(engine.url()), "the scripted engine", false)));
        Turn turn = bench.assistant.ask(Question.text(FrontDoor.COMMAND, "Count for me", Question.PictureChoice.NONE,
                false), AnswerSink.NONE);
        assertTrue(TestBench.eventually(() -> bench.saw(e -> e instanceof TurnEvent.Token)), "the answer began");
        long t0 = System.nanoTime();
        bench.assistant.stop();
        TurnResult r = TestBench.await(turn);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(r.stopped(), r.toString());
        assertTrue(ms < 1000, "the turn ended " + ms + " ms after stop, not when the engine finished (10 s)");
        assertTrue(TestBench.eventually(() -> engine.clientWentAway), "the engine saw the connection go");
    }

    @Test
    void withoutAFallbackThePersonHearsThatTheServerIsNotAnswering() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        bench = new TestBench(TestBench.options().synthesizer(listening).brain(Brain.elsewhere(
                remote(URI.create("http://127.0.0.1:" + port + "/v1")), "nothing there", false)));
        TurnFailedException e = assertThrows(TurnFailedException.class, () -> bench.answer("What is this?"));
        assertEquals(Stage.THINKING, e.stage());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        assertTrue(TestBench.eventually(() -> said.contains("The server is not answering.")), said.toString());
        assertTrue(bench.saw(x -> x instanceof TurnEvent.Failed f && !f.turnGoesOn()));
    }

    @Test
    void withoutAFallbackOnlyARefusedRequestIsAskedAgainWithoutThePicture() throws Exception {
        engine = new ScriptedEngine();
        bench = new TestBench(TestBench.options().synthesizer(listening)
                .brain(Brain.elsewhere(remote(engine.url()), "the scripted engine", false)));
        engine.reply = ScriptedEngine.Reply.status(500, "{\"error\":{\"message\":\"CUDA out of memory\"}}");
        assertThrows(TurnFailedException.class, () -> bench.answer("What colour is this?"));
        assertEquals(1, engine.bodies.size(), "a 500 is not asked again without the picture");
        assertTrue(engine.bodies.get(0).contains("data:image/jpeg;base64,"));

        engine.reply = ScriptedEngine.Reply.status(400, "{\"error\":{\"message\":\"image input is not supported\"}}");
        assertThrows(TurnFailedException.class, () -> bench.answer("What colour is this?"));
        assertEquals(3, engine.bodies.size(), "a 400 is asked again, without the picture");
        assertTrue(engine.bodies.get(1).contains("data:image/jpeg;base64,"));
        assertTrue(!engine.bodies.get(2).contains("data:image/jpeg;base64,"), engine.bodies.get(2));
    }
}
