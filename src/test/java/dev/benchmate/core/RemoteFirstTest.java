package dev.benchmate.core;

import static dev.benchmate.thinking.remote.ScriptedEngine.chunk;
import static dev.benchmate.thinking.remote.ScriptedEngine.done;
import static dev.benchmate.thinking.remote.ScriptedEngine.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.TokenListener;
import dev.benchmate.testing.Pictures;
import dev.benchmate.testing.SimulatedNpu;
import dev.benchmate.testing.TestBench;
import dev.benchmate.thinking.Answer;
import dev.benchmate.thinking.Conversation;
import dev.benchmate.thinking.remote.EngineClient;
import dev.benchmate.thinking.remote.RemoteConversation;
import dev.benchmate.thinking.remote.RemoteSettings;
import dev.benchmate.thinking.remote.ScriptedEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine on the LAN first, the simulated NPU when it fails, and back to the engine when it answers again. */
class RemoteFirstTest {
    ScriptedEngine engine;
    Brain npu;
    RemoteFirst chat;
    final List<String> said = new ArrayList<>();
    final List<String> logged = new CopyOnWriteArrayList<>();
    volatile boolean stopWhenGivingUp;
    /** Whether the turns asked here speak (the voice) or not (HTTP, text). */
    volatile boolean speaks = true;

    @org.junit.jupiter.api.BeforeAll
    static void warmUp() throws Exception {
        ScriptedEngine.warmUp(); // the bounds here are short: the JVM's first exchange is not what they measure
    }

    @BeforeEach
    void start() throws Exception {
        engine = new ScriptedEngine();
        npu = SimulatedNpu.brain(64, 2048);
        RemoteConversation remote = new RemoteConversation(new EngineClient(new RemoteSettings(engine.url(),
                Optional.of("vl"), Optional.empty(), Duration.ofSeconds(1), Duration.ofMillis(700),
                Duration.ofSeconds(1), 64, 4096, 0.2f, 0.9f, 1024, 85, "Be brief.")));
        chat = new RemoteFirst(remote, (Conversation) npu.conversation(), npu.encoder(), Duration.ofMillis(200),
                line -> {
                    logged.add(line);
                    if (stopWhenGivingUp && line.startsWith("Falling back")) {
                        chat.abort(); // a stop between the engine failing and the NPU answering
                    }
                });
        chat.onFallback((say, why) -> said.add(say + " | " + why) && speaks);
    }

    @AfterEach
    void stop() {
        chat.close();
        npu.close();
        engine.close();
    }

    Answer ask(String q, boolean picture) {
        return chat.ask(Conversation.Request.of(q, picture
                ? ImageEmbedding.unencoded(Pictures.solid(64, 48, 30, 170, 30)) : null), TokenListener.NONE);
    }

    @Test
    void anEngineInErrorIsReplacedByTheNpuOnceAnnouncedThenTakenBackWhenItAnswers() throws Exception {
        engine.reply = ScriptedEngine.Reply.sse(chunk("Green, from the engine."), usage(900, 5), done());
        assertEquals("Green, from the engine.", ask("What colour is this?", true).text());
        assertTrue(said.isEmpty());

        engine.modelsStatus = 503;
        engine.reply = ScriptedEngine.Reply.status(503,
                "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}");
        Answer fallback = ask("And now?", false);
        assertEquals("Simulated answer to turn 2. The picture is green.", fallback.text(),
                "the NPU took the history over, the picture encoded there");
        assertEquals(1, said.size());
        assertTrue(said.get(0).startsWith(RemoteFirst.SAY + " | falling back to the NPU: "), said.get(0));
        assertTrue(said.get(0).contains("answered 503: Loading model"), said.get(0));
        assertFalse(chat.remoteUp());
        int asked = engine.bodies.size();
        assertEquals("Simulated answer to turn 3. The picture is green.", ask("Still?", false).text());
        assertEquals(1, said.size(), "said once");
        assertEquals(asked, engine.bodies.size(), "the engine is not asked on the person's time while it is down");

        engine.reply = ScriptedEngine.Reply.sse(chunk("Back."), usage(950, 2), done());
        engine.modelsStatus = 200;
        assertTrue(TestBench.eventually(chat::remoteUp), "the background check found the engine: " + logged);
        assertEquals("Back.", ask("Are you back?", false).text());
        String sent = engine.bodies.get(engine.bodies.size() - 1);
        assertTrue(sent.contains("Simulated answer to turn 3."), "the NPU's turns went back to the engine: " + sent);
        assertTrue(sent.contains("data:image/jpeg;base64,"), "with the picture");
        assertEquals(4, chat.history().size());
        assertEquals(1, chat.outages());
        assertTrue(logged.get(0).startsWith("Falling back to the NPU: "), logged.toString());
        assertTrue(logged.get(1).contains("answers again"), logged.toString());
    }

    @Test
    void anUnreachableOrSlowEngineFallsBack() throws Exception {
        engine.reply = ScriptedEngine.Reply.sse(": busy\n\n", 8000L, chunk("late"), done());
        long t0 = System.nanoTime();
        assertEquals("Simulated answer to turn 1.", ask("Hello?", false).text());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5000, "the first-token bound (700 ms), not the engine's pace (8 s): " + ms + " ms");
        assertTrue(said.get(0).contains("no first token within 700 ms"), said.toString());
        chat.reset();
        assertTrue(chat.history().isEmpty());
    }

    @Test
    void aStopBetweenTheEngineFailingAndTheNpuAnsweringIsNotMissed() {
        stopWhenGivingUp = true;
        engine.reply = ScriptedEngine.Reply.status(500, "{\"error\":{\"message\":\"boom\"}}");
        Answer a = ask("Hello?", false);
        assertTrue(a.aborted(), "the stopped turn is not answered by the NPU");
        assertEquals("", a.text());
        assertTrue(said.isEmpty(), "nothing announced for a stopped turn: " + said);
        assertTrue(chat.history().isEmpty());
        assertFalse(chat.remoteUp(), "the engine's failure still counts");

        stopWhenGivingUp = false;
        assertEquals("Simulated answer to turn 1.", ask("Hello again?", false).text(), "the next turn is answered");
        assertEquals(1, said.size());
    }

    @Test
    void aRequestTheEngineCannotTakeFallsBackForThatTurnOnly() {
        engine.reply = ScriptedEngine.Reply.status(400, "{\"error\":{\"code\":400,\"message\":\"the request exceeds "
                + "the available context size, try increasing it\",\"type\":\"exceed_context_size_error\"}}");
        assertEquals("Simulated answer to turn 1.", ask("Hello?", false).text(), "the NPU answered that turn");
        assertTrue(chat.remoteUp(), "a request the engine refused does not mark it down");
        assertEquals(1, said.size());
        assertTrue(said.get(0).startsWith("null | " + RemoteFirst.FALLING_BACK), "an event, nothing said: " + said);
        assertTrue(said.get(0).contains("exceeds the available context size"), said.toString());
        assertEquals(0, chat.outages(), "no outage");

        engine.reply = ScriptedEngine.Reply.status(413, "{\"error\":\"Payload Too Large\"}");
        ask("And this?", false);
        assertTrue(chat.remoteUp());

        engine.reply = ScriptedEngine.Reply.sse(chunk("From the engine."), usage(50, 3), done());
        int asked = engine.bodies.size();
        assertEquals("From the engine.", ask("And now?", false).text(), "the next turn goes to the engine");
        assertEquals(asked + 1, engine.bodies.size());
    }

    @Test
    void theAnnouncementIsNotUsedUpByATurnThatDoesNotSpeak() {
        engine.modelsStatus = 503;
        engine.reply = ScriptedEngine.Reply.status(503, "{\"error\":\"Loading model\"}");
        speaks = false; // a question over HTTP
        ask("Hello?", false);
        assertEquals(1, said.size());
        assertTrue(said.get(0).startsWith(RemoteFirst.SAY + " | " + RemoteFirst.FALLING_BACK), said.toString());

        speaks = true; // then one by voice: it is told, without a second event
        ask("Are you there?", false);
        assertEquals(List.of(RemoteFirst.SAY + " | null"), said.subList(1, said.size()));

        ask("Still?", false);
        assertEquals(2, said.size(), "said once");
        assertEquals(1, chat.outages(), "one outage");
    }

    @Test
    void anEncoderFailureDuringTheFallbackIsReportedAndTheNpuAnswersWithoutThePicture() {
        dev.benchmate.looking.VisionEncoder real = npu.encoder();
        dev.benchmate.looking.VisionEncoder broken = new dev.benchmate.looking.VisionEncoder() {
            public int inputWidth() {
                return real.inputWidth();
            }

            public int inputHeight() {
                return real.inputHeight();
            }

            public int imageTokens() {
                return real.imageTokens();
            }

            public int floatsPerToken() {
                return real.floatsPerToken();
            }

            public ImageEmbedding encode(dev.benchmate.media.Picture picture) {
                throw new IllegalStateException("rknn_run failed: -1");
            }

            public void close() {
            }
        };
        RemoteConversation remote = new RemoteConversation(new EngineClient(new RemoteSettings(engine.url(),
                Optional.of("vl"), Optional.empty(), Duration.ofSeconds(1), Duration.ofMillis(700),
                Duration.ofSeconds(1), 64, 4096, 0.2f, 0.9f, 1024, 85, "Be brief.")));
        List<String> vision = new CopyOnWriteArrayList<>();
        try (RemoteFirst withBrokenEncoder = new RemoteFirst(remote, (Conversation) npu.conversation(), broken,
                Duration.ofSeconds(30), logged::add)) {
            withBrokenEncoder.onVisionProblem(vision::add);
            engine.reply = ScriptedEngine.Reply.status(503, "{\"error\":\"Loading model\"}");
            Answer a = withBrokenEncoder.ask(Conversation.Request.of("What colour is this?",
                    ImageEmbedding.unencoded(Pictures.solid(64, 48, 30, 170, 30))), TokenListener.NONE);
            assertEquals("Simulated answer to turn 1.", a.text(), "the NPU answered, without the picture");
            assertEquals(1, vision.size(), vision.toString());
            assertTrue(vision.get(0).contains("could not be encoded on the NPU"), vision.toString());
            assertTrue(vision.get(0).contains("rknn_run failed: -1"), vision.toString());
        }
    }
}
