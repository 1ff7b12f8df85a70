package dev.benchmate.thinking.remote;

import static dev.benchmate.thinking.remote.ScriptedEngine.chunk;
import static dev.benchmate.thinking.remote.ScriptedEngine.done;
import static dev.benchmate.thinking.remote.ScriptedEngine.finish;
import static dev.benchmate.thinking.remote.ScriptedEngine.role;
import static dev.benchmate.thinking.remote.ScriptedEngine.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine client against a scripted engine on loopback: each way a stream can go. */
class EngineClientTest {
    ScriptedEngine engine;
    EngineClient client;
    final List<String> pieces = new CopyOnWriteArrayList<>();

    static RemoteSettings settings(URI url, Optional<String> key, Duration firstToken, Duration between) {
        return new RemoteSettings(url, Optional.empty(), key, Duration.ofSeconds(2), firstToken, between, 256, 4096,
                0.2f, 0.9f, 1024, 85, "Be brief.");
    }

    @org.junit.jupiter.api.BeforeAll
    static void warmUp() throws Exception {
        ScriptedEngine.warmUp(); // the bounds here are short: the JVM's first exchange is not what they measure
    }

    @BeforeEach
    void start() throws Exception {
        engine = new ScriptedEngine();
        client = new EngineClient(settings(engine.url(), Optional.of("sk-secret"), Duration.ofMillis(800),
                Duration.ofMillis(800)));
    }

    @AfterEach
    void stop() {
        client.close();
        engine.close();
    }

    ObjectNode body() {
        ObjectNode b = new ObjectMapper().createObjectNode();
        b.put("model", "m");
        b.putArray("messages").addObject().put("role", "user").put("content", "Hi");
        return b;
    }

    EngineClient.Outcome stream() {
        return client.stream(body(), pieces::add, new EngineClient.Call());
    }

    @Test
    void aNormalStreamWithUsageInAChunkWithoutChoices() throws Exception {
        engine.reply = ScriptedEngine.Reply.sse(role(), chunk("The picture "), chunk("is green."), finish("stop"),
                usage(420, 6), done());
        EngineClient.Outcome o = stream();
        assertEquals("The picture is green.", o.text());
        assertEquals(List.of("The picture ", "is green."), pieces);
        assertEquals(420, o.promptTokens());
        assertEquals(6, o.completionTokens());
        assertEquals("stop", o.finishReason());
        assertFalse(o.aborted());
        String sent = engine.bodies.get(0);
        assertTrue(sent.contains("\"stream\":true"), sent);
        assertTrue(sent.contains("\"include_usage\":true"), sent);
        assertEquals("Bearer sk-secret", engine.authorizations.get(0));
    }

    @Test
    void keepAliveCommentsAndCrLfAndMultiLineDataAreRead() {
        engine.reply = ScriptedEngine.Reply.sse(": ping\r\n\r\n", chunk("One").replace("\n\n", "\r\n\r\n"),
                ": still here\n\n", "data:{\"choices\":[{\"index\":0,\n" + "data: \"delta\":{\"content\":\" two\"}}]}\n\n",
                done());
        assertEquals("One two", stream().text());
    }

    @Test
    void aLongAnswerOutlastsTheFirstTokenBound() {
        engine.reply = ScriptedEngine.Reply.sse(chunk("One."), 150L, chunk(" Two."), 150L, chunk(" Three."), 150L,
                chunk(" Four."), 150L, chunk(" Five."), 150L, chunk(" Six."), 150L, chunk(" Seven."), 150L,
                chunk(" Eight."), usage(10, 8), done());
        EngineClient.Outcome o = stream();
        assertEquals("One. Two. Three. Four. Five. Six. Seven. Eight.", o.text(),
                "1 s of answer with an 800 ms first-token bound, 150 ms gaps against an 800 ms bound between tokens");
        assertEquals(8, o.completionTokens());
    }

    @Test
    void theModelsAreListed() {
        assertEquals(List.of("qwen2.5-vl-7b"), client.models());
        assertEquals("Bearer sk-secret", engine.authorizations.get(0));
    }

    @Test
    void modelsThatSendHeadersThenStallFailWithinTheBound() {
        engine.modelsStallMs = 10_000;
        long t0 = System.nanoTime();
        EngineException e = assertThrows(EngineException.class, client::models);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(EngineException.Kind.SLOW_FIRST_TOKEN, e.kind());
        assertTrue(e.getMessage().contains("/models did not answer within 800 ms"), e.getMessage());
        assertTrue(ms < 3000, "dropped at its bound, not when the engine got round to it: " + ms + " ms");
    }

    @Test
    void aSlowFirstTokenIsAClearFailure() {
        engine.reply = ScriptedEngine.Reply.sse(role(), ": processing the prompt\n\n", 8000L, chunk("late"), done());
        long t0 = System.nanoTime();
        EngineException e = assertThrows(EngineException.class, this::stream);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(EngineException.Kind.SLOW_FIRST_TOKEN, e.kind());
        assertFalse(e.answerStarted());
        assertTrue(e.getMessage().contains("no first token within 800 ms"), e.getMessage());
        assertTrue(ms < 5000, "dropped at its bound (800 ms), not when the engine got round to it (8 s): " + ms + " ms");
    }

    @Test
    void aReasoningModelThinkingPastTheFirstTokenBoundIsAlive() {
        String thinking = "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Hmm.\"}}]}\n\n";
        Object[] script = new Object[2 + 2 * 10 + 2];
        script[0] = role();
        script[1] = thinking;
        for (int i = 0; i < 10; i++) {
            script[2 + 2 * i] = 250L;
            script[3 + 2 * i] = thinking;
        }
        script[22] = chunk("Green.");
        script[23] = done();
        engine.reply = ScriptedEngine.Reply.sse(script);
        client.close();
        client = new EngineClient(settings(engine.url(), Optional.of("sk-secret"), Duration.ofMillis(600),
                Duration.ofMillis(1500)));
        assertEquals("Green.", stream().text(), "2.5 s of reasoning (past both bounds), 250 ms gaps against 1500 ms");
        assertEquals(List.of("Green."), pieces, "the reasoning is not passed on");
    }

    @Test
    void aStreamSilentBetweenTokensIsDropped() {
        engine.reply = ScriptedEngine.Reply.sse(chunk("First."), 6000L, chunk("late"), done());
        EngineException e = assertThrows(EngineException.class, this::stream);
        assertEquals(EngineException.Kind.STALLED, e.kind());
        assertTrue(e.answerStarted());
        assertEquals(List.of("First."), pieces);
    }

    @Test
    void keepAliveCommentsAfterTheFirstTokenDoNotKeepAStalledStreamOpen() {
        Object[] script = new Object[2 + 2 * 25 + 2];
        script[0] = chunk("First.");
        script[1] = 100L;
        for (int i = 0; i < 25; i++) {
            script[2 + 2 * i] = ": ping\n\n";
            script[3 + 2 * i] = 200L; // 5 s of pings, none more than 200 ms apart
        }
        script[52] = chunk("late");
        script[53] = done();
        engine.reply = ScriptedEngine.Reply.sse(script);
        long t0 = System.nanoTime();
        EngineException e = assertThrows(EngineException.class, this::stream);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(EngineException.Kind.STALLED, e.kind());
        assertEquals(List.of("First."), pieces);
        assertTrue(ms < 3500, "dropped at the between-tokens bound (800 ms), not after the pings (5 s): " + ms + " ms");
    }

    @Test
    void errorStatusesWithTheirMessagesInBothShapes() {
        engine.reply = ScriptedEngine.Reply.status(500,
                "{\"error\":{\"message\":\"Internal server error\",\"type\":\"InternalServerError\",\"code\":500}}");
        EngineException e = assertThrows(EngineException.class, this::stream);
        assertEquals(EngineException.Kind.ERROR_STATUS, e.kind());
        assertEquals(500, e.status());
        assertTrue(e.getMessage().endsWith("answered 500: Internal server error"), e.getMessage());

        engine.reply = ScriptedEngine.Reply.status(401, "{\"error\":\"Unauthorized\"}");
        e = assertThrows(EngineException.class, this::stream);
        assertEquals(401, e.status());
        assertTrue(e.getMessage().endsWith("answered 401: Unauthorized"), e.getMessage());

        engine.reply = ScriptedEngine.Reply.status(400,
                "{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens.\",\"code\":400}");
        e = assertThrows(EngineException.class, this::stream);
        assertTrue(e.getMessage().endsWith("answered 400: This model's maximum context length is 4096 tokens."),
                e.getMessage());
    }

    @Test
    void theKeyIsMaskedInTheEnginesErrorText() {
        engine.reply = ScriptedEngine.Reply.status(401,
                "{\"error\":{\"message\":\"Invalid API Key: " + ScriptedEngine.AUTHORIZATION + "\"}}");
        EngineException e = assertThrows(EngineException.class, this::stream);
        assertTrue(e.getMessage().endsWith("answered 401: Invalid API Key: Bearer [key]"), e.getMessage());
        assertFalse(e.getMessage().contains("sk-secret"), e.getMessage());

        engine.reply = ScriptedEngine.Reply.sse("data: {\"error\":{\"message\":\"bad " + ScriptedEngine.AUTHORIZATION
                + "\"}}\n\n", done());
        e = assertThrows(EngineException.class, this::stream);
        assertFalse(e.getMessage().contains("sk-secret"), e.getMessage());
        assertTrue(e.getMessage().contains("Bearer [key]"), e.getMessage());
    }

    @Test
    void aUrlWithAUserAQueryOrAFragmentIsRefused() {
        for (String url : List.of("http://me:sk-secret@127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1?key=sk-secret",
                "http://127.0.0.1:8000/v1#sk-secret", "ftp://me:sk-secret@127.0.0.1/v1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RemoteSettings.checkUrl(url, false), url);
            assertFalse(e.getMessage().contains("sk-secret"), e.getMessage());
            assertTrue(e.getMessage().contains("benchmate.remote.api-key"), e.getMessage());
        }
    }

    @Test
    void anErrorInTheStreamInBothShapes() {
        engine.reply = ScriptedEngine.Reply.sse(chunk("Part"),
                "data: {\"error\":{\"message\":\"GenerationError\",\"type\":\"x\",\"code\":500}}\n\n", done());
        EngineException e = assertThrows(EngineException.class, this::stream);
        assertEquals(EngineException.Kind.BROKEN_STREAM, e.kind());
        assertTrue(e.answerStarted());
        assertTrue(e.getMessage().endsWith("reported an error in the stream: GenerationError"), e.getMessage());

        engine.reply = ScriptedEngine.Reply.sse(
                "error: {\"code\":400,\"message\":\"the request exceeds the available context size\"}\n\n", done());
        e = assertThrows(EngineException.class, this::stream);
        assertFalse(e.answerStarted());
        assertTrue(e.getMessage().endsWith("the request exceeds the available context size"), e.getMessage());
    }

    @Test
    void aDoneWithoutItsBlankLineAtTheEndOfTheStreamEndsTheAnswer() {
        engine.reply = ScriptedEngine.Reply.sse(chunk("All of it."), "data: [DONE]");
        EngineClient.Outcome o = stream();
        assertEquals("All of it.", o.text());
        assertFalse(o.aborted());
    }

    @Test
    void anErrorEventIsAnErrorWhateverItsData() {
        engine.reply = ScriptedEngine.Reply.sse(chunk("Part"), "event: error\ndata: upstream went away\n\n", done());
        EngineException e = assertThrows(EngineException.class, this::stream);
        assertEquals(EngineException.Kind.BROKEN_STREAM, e.kind());
        assertTrue(e.getMessage().endsWith("reported an error in the stream: upstream went away"), e.getMessage());
    }

    @Test
    void aMalformedChunkIsAFailure() {
        engine.reply = ScriptedEngine.Reply.sse(chunk("Fine"), "data: {\"choices\":[{\"delta\":\n\n", done());
        EngineException e = assertThrows(EngineException.class, this::stream);
        assertEquals(EngineException.Kind.BROKEN_STREAM, e.kind());
        assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
    }

    @Test
    void aStreamEndingWithoutDoneIsAFailure() {
        engine.reply = ScriptedEngine.Reply.sse(chunk("Half an"));
        EngineException e = assertThrows(EngineException.class, this::stream);
        assertEquals(EngineException.Kind.BROKEN_STREAM, e.kind());
        assertTrue(e.getMessage().contains("without [DONE]"), e.getMessage());
    }

    @Test
    void aConnectionDroppedMidAnswerIsAFailure() throws Exception {
        try (java.net.ServerSocket dropping = ScriptedEngine.dropping(chunk("Half "), chunk("an"))) {
            try (EngineClient c = new EngineClient(settings(URI.create("http://127.0.0.1:" + dropping.getLocalPort()
                    + "/v1"), Optional.empty(), Duration.ofSeconds(2), Duration.ofSeconds(2)))) {
                EngineException e = assertThrows(EngineException.class,
                        () -> c.stream(body(), pieces::add, new EngineClient.Call()));
                assertEquals(EngineException.Kind.BROKEN_STREAM, e.kind());
                assertTrue(e.answerStarted());
                assertEquals("Half an", String.join("", pieces));
            }
        }
    }

    @Test
    void anEngineThatIsNotThereIsUnreachable() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (EngineClient c = new EngineClient(settings(URI.create("http://127.0.0.1:" + port + "/v1"),
                Optional.empty(), Duration.ofSeconds(2), Duration.ofSeconds(2)))) {
            EngineException e = assertThrows(EngineException.class,
                    () -> c.stream(body(), pieces::add, new EngineClient.Call()));
            assertEquals(EngineException.Kind.UNREACHABLE, e.kind());
            assertThrows(EngineException.class, c::models);
        }
    }

    @Test
    void cancellingFromAnotherThreadEndsTheStreamAtOnce() throws Exception {
        engine.reply = ScriptedEngine.Reply.sse(chunk("One."), 100L, chunk(" Two."), 1000L, chunk(" Three."), 1000L,
                chunk(" Four."), 1000L, chunk(" Five."), 1000L, chunk(" Six."), done());
        client.close();
        client = new EngineClient(settings(engine.url(), Optional.of("sk-secret"), Duration.ofSeconds(3),
                Duration.ofSeconds(3)));
        EngineClient.Call call = new EngineClient.Call();
        java.util.concurrent.atomic.AtomicLong cancelledAt = new java.util.concurrent.atomic.AtomicLong();
        Thread[] canceller = {null};
        EngineClient.Outcome o = client.stream(body(), piece -> {
            pieces.add(piece);
            if (piece.equals(" Two.")) {
                canceller[0] = new Thread(() -> {
                    cancelledAt.set(System.nanoTime());
                    call.cancel();
                });
                canceller[0].start();
            }
        }, call);
        long end = System.nanoTime();
        canceller[0].join();
        long after = (end - cancelledAt.get()) / 1_000_000;
        assertTrue(o.aborted());
        assertTrue(pieces.size() <= 3, "stopped within a token: " + pieces);
        assertTrue(after < 1500, "ended " + after + " ms after the cancel, not when the engine finished (4 s)");
    }

    @Test
    void plainHttpIsRefusedToAPublicAddressUnlessAllowed() {
        assertEquals(URI.create("http://127.0.0.1:8000/v1"), RemoteSettings.checkUrl("http://127.0.0.1:8000/v1", false));
        RemoteSettings.checkUrl("http://192.168.1.20:8000/v1", false);
        RemoteSettings.checkUrl("http://10.0.0.5:11434/v1", false);
        RemoteSettings.checkUrl("http://172.16.3.4/v1", false);
        RemoteSettings.checkUrl("http://169.254.10.10/v1", false);
        RemoteSettings.checkUrl("http://[fd12:3456::1]:8000/v1", false);
        RemoteSettings.checkUrl("http://[::1]:8000/v1", false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RemoteSettings.checkUrl("http://8.8.8.8:8000/v1", false));
        assertTrue(e.getMessage().contains("benchmate.remote.allow-public-http"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RemoteSettings.checkUrl("http://172.32.0.1/v1", false));
        RemoteSettings.checkUrl("http://8.8.8.8:8000/v1", true);
        RemoteSettings.checkUrl("https://8.8.8.8/v1", false);
        assertThrows(IllegalArgumentException.class, () -> RemoteSettings.checkUrl("ftp://127.0.0.1/v1", false));
    }

    @Test
    void hostNamesAreTakenByWhatTheyResolveToOrByTheirFormWhenTheyDoNotResolve() {
        RemoteSettings.checkUrl("http://localhost:8000/v1", false);
        RemoteSettings.checkUrl("http://benchmate-no-such-gpu-box:8000/v1", false); // the GPU box off at boot
        RemoteSettings.checkUrl("http://no-such-gpu-box.lan:8000/v1", false);
        RemoteSettings.checkUrl("http://no-such-gpu-box.home.arpa:8000/v1", false);
        RemoteSettings.checkUrl("http://no-such-gpu-box.internal:8000/v1", false);
        RemoteSettings.checkUrl("http://[fe80::1]:8000/v1", false);
        assertTrue(RemoteSettings.unresolvedHostNote(URI.create("http://benchmate-no-such-gpu-box:8000/v1")).isPresent());
        assertTrue(RemoteSettings.unresolvedHostNote(URI.create("http://127.0.0.1:8000/v1")).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> RemoteSettings.checkUrl("http://203.0.113.7:8000/v1", false));
        IllegalArgumentException cgnat = assertThrows(IllegalArgumentException.class,
                () -> RemoteSettings.checkUrl("http://100.64.0.1:8000/v1", false));
        assertTrue(cgnat.getMessage().contains("allow-public-http"), cgnat.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> RemoteSettings.checkUrl("http://no-such-gpu-box.example.invalid:8000/v1", false),
                "a dotted name that does not resolve is not local by its form");
    }

    @Test
    void aNameThatNowResolvesToAPublicAddressIsNotAsked() throws Exception {
        RemoteSettings s = settings(URI.create("http://gpu-box:8000/v1"), Optional.of("sk-secret"),
                Duration.ofMillis(800), Duration.ofMillis(800));
        try (EngineClient c = new EngineClient(s, host -> new java.net.InetAddress[] {
                java.net.InetAddress.getByAddress(host, new byte[] {8, 8, 8, 8})})) {
            EngineException e = assertThrows(EngineException.class, c::models);
            assertEquals(EngineException.Kind.UNREACHABLE, e.kind());
            assertTrue(e.getMessage().contains("gpu-box now resolves to 8.8.8.8"), e.getMessage());
            e = assertThrows(EngineException.class, () -> c.stream(body(), pieces::add, new EngineClient.Call()));
            assertEquals(EngineException.Kind.UNREACHABLE, e.kind());
            assertTrue(e.getMessage().contains("plain http is refused"), e.getMessage());
        }
        try (EngineClient c = new EngineClient(s, host -> new java.net.InetAddress[] {
                java.net.InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})})) {
            try {
                c.models(); // private: asked
            } catch (EngineException e) {
                assertFalse(e.getMessage().contains("plain http is refused"), e.getMessage());
            }
        }
    }

    @Test
    void closingLeavesNoThreadsOfItsOwn() throws Exception {
        java.util.Set<Thread> before = new java.util.HashSet<>(ownThreads()); // another test's, not this client's
        EngineClient c = new EngineClient(settings(engine.url(), Optional.empty(), Duration.ofSeconds(2),
                Duration.ofSeconds(2)));
        engine.reply = ScriptedEngine.Reply.sse(chunk("One."), chunk(" Two."), done());
        assertEquals("One. Two.", c.stream(body(), pieces::add, new EngineClient.Call()).text());
        assertEquals(List.of("qwen2.5-vl-7b"), c.models());
        assertFalse(ownThreads().stream().filter(t -> !before.contains(t)).toList().isEmpty(), "it had threads");
        c.close();
        long until = System.nanoTime() + 3_000_000_000L;
        for (Thread t : ownThreads()) {
            if (!before.contains(t)) {
                t.join(Math.max(1, (until - System.nanoTime()) / 1_000_000));
            }
        }
        assertEquals(List.of(), ownThreads().stream().filter(t -> !before.contains(t)).map(Thread::getName).toList(),
                "no benchmate-remote-* thread of the closed client lives on");
    }

    static List<Thread> ownThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("benchmate-remote-")).toList();
    }

    @Test
    void theKeyIsNotInTheSettingsText() {
        assertFalse(client.settings().toString().contains("sk-secret"), client.settings().toString());
    }
}
