package dev.benchmate.web;

import static dev.benchmate.testing.Http.parts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchmate.testing.Http;
import dev.benchmate.testing.JarProcess;
import dev.benchmate.testing.SimulatedNpu;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Benchmate's HTTP API on the packaged service with the simulated NPU, as a client on the board
 * uses it: every endpoint, every kind of bad input (each answered with a status and one line of
 * why, the service answering on), and the limits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private JarProcess service;
    private Http http;

    @BeforeAll
    void start() throws Exception {
        service = JarProcess.start(List.of("-Dquarkus.profile=sim", "-Dbenchmate.http.max-body-size=2M",
                "-Dbenchmate.http.max-picture-pixels=70000000", "-Dbenchmate.http.max-event-clients=3"));
        assertTrue(service.awaitOutput("Benchmate ready", 90), service.output());
        http = new Http(service.port);
    }

    @AfterAll
    void stop() throws Exception {
        if (service != null) {
            service.signal("TERM");
            assertEquals(0, service.awaitExit(30), service.output());
        }
    }

    private JsonNode ask(Object... parts) throws Exception {
        HttpResponse<String> r = http.form("/api/ask", parts(parts));
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private JsonNode error(int status, HttpResponse<String> r) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode e = JSON.readTree(r.body());
        assertTrue(e.get("error").isTextual() && !e.get("error").asText().contains("\n"), r.body());
        return e;
    }

    @Test
    void aQuestionWithAPictureIsAnsweredAsJsonWithItsTimings() throws Exception {
        http.post("/api/conversation/new");
        JsonNode a = ask("question", "What colour is this?", "picture:green.png", Http.png(640, 480, 30, 170, 30));
        assertEquals("Simulated answer to turn 1. The picture is green.", a.get("answer").asText());
        assertTrue(a.get("pictureAttached").asBoolean());
        assertTrue(a.get("simulated").asBoolean(), "simulated answers say so");
        assertTrue(a.get("latency").get("totalMs").asDouble() > 0, a.toString());
        assertTrue(a.get("latency").get("visionEncodeMs").asDouble() > 0, a.toString());
        assertEquals(-1, a.get("latency").get("firstAudioMs").asDouble(), "not spoken unless asked");

        JsonNode follow = ask("question", "And the one beside it?");
        assertEquals("Simulated answer to turn 2. The picture is green.", follow.get("answer").asText());
        assertFalse(follow.get("pictureAttached").asBoolean());

        assertEquals(200, http.post("/api/conversation/new").statusCode());
        JsonNode fresh = ask("question", "Hello?", "camera", "false");
        assertEquals("Simulated answer to turn 1.", fresh.get("answer").asText());
    }

    @Test
    void aStreamedAnswerComesAsTokensThenTheWholeAnswer() throws Exception {
        HttpResponse<String> r = http.form("/api/ask?stream=true",
                parts("question", "What is this?", "picture:blue.png", Http.png(320, 240, 30, 30, 200)));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        List<Http.Sse> events = Http.events(r.body());
        assertEquals("accepted", events.get(0).event(), r.body());
        String tokens = events.stream().filter(e -> e.event().equals("token"))
                .map(e -> json(e.data()).get("text").asText()).collect(Collectors.joining());
        Http.Sse last = events.get(events.size() - 1);
        assertEquals("answer", last.event(), r.body());
        String answer = json(last.data()).get("answer").asText();
        assertTrue(answer.endsWith("The picture is blue."), answer);
        assertEquals(answer, tokens, "the tokens make up the answer");
        assertTrue(events.stream().filter(e -> e.event().equals("token")).count() > 5);
    }

    @Test
    void theEventStreamShowsAnotherClientsTurnAsItHappens() throws Exception {
        HttpRequest req = http.request("/api/events").GET().build();
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        StringBuilder seen = new StringBuilder();
        CompletableFuture<Void> answered = new CompletableFuture<>();
        CompletableFuture<HttpResponse<Void>> stream = client.sendAsync(req, HttpResponse.BodyHandlers.fromLineSubscriber(
                new java.util.concurrent.Flow.Subscriber<String>() {
                    @Override
                    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                        s.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(String line) {
                        synchronized (seen) {
                            seen.append(line).append('\n');
                            if (line.startsWith("event: answer")) {
                                answered.complete(null);
                            }
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        answered.completeExceptionally(t);
                    }

                    @Override
                    public void onComplete() {
                    }
                }));
        Thread.sleep(500); // the subscription is made when the stream opens
        JsonNode a = ask("question", "What is on the bench?", "camera", "false");
        answered.get(20, TimeUnit.SECONDS);
        stream.cancel(true);
        String text;
        synchronized (seen) {
            text = seen.toString();
        }
        long turn = a.get("turn").asLong();
        for (String kind : new String[] {"accepted", "state", "token", "answer"}) {
            assertTrue(text.contains("event: " + kind + "\ndata: {\"turn\":" + turn), kind + " in:\n" + text);
        }
        assertTrue(text.contains("\"from\":\"API\""), text);
        assertTrue(text.contains("\"latency\":{"), text);
    }

    @Test
    void clientsOfTheEventStreamThatGoAwayFreeTheirPlaces() throws Exception {
        // three places (benchmate.http.max-event-clients=3 here); ten clients come and go one after another
        for (int i = 0; i < 10; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", service.port)) {
                s.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
                byte[] head = new byte[12];
                assertEquals(12, s.getInputStream().readNBytes(head, 0, 12));
                assertEquals("HTTP/1.1 200", new String(head), "client " + i);
            }
            Thread.sleep(100);
        }
        Thread.sleep(500);
        java.util.List<java.net.Socket> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                java.net.Socket s = new java.net.Socket("127.0.0.1", service.port);
                held.add(s);
                s.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
                byte[] head = new byte[12];
                s.getInputStream().readNBytes(head, 0, 12);
                assertEquals("HTTP/1.1 200", new String(head), "place " + (i + 1) + " of 3 is free again");
            }
            HttpResponse<String> fourth = http.get("/api/events");
            JsonNode e = error(503, fourth);
            assertTrue(e.get("error").asText().contains("max-event-clients"), fourth.body());
            assertTrue(fourth.headers().firstValue("Retry-After").isPresent());
        } finally {
            for (java.net.Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void statusLatenciesAndPicturesAreThere() throws Exception {
        ask("question", "What colour is this?", "picture:red.png", Http.png(200, 100, 200, 30, 30));
        JsonNode s = json(http.get("/api/status").body());
        assertTrue(s.get("ready").asBoolean(), s.toString());
        assertTrue(s.get("alive").asBoolean(), s.toString());
        assertTrue(s.get("simulated").asBoolean());
        assertTrue(s.get("kvCache").get("used").asInt() > 0, s.toString());
        assertTrue(s.get("features").toString().contains("\"name\":\"camera\""), s.toString());

        JsonNode turns = json(http.get("/api/turns/latency").body()).get("turns");
        assertTrue(turns.size() >= 1 && turns.size() <= 20, turns.toString());

        HttpResponse<byte[]> picture = http.getBytes("/api/picture/last");
        assertEquals(200, picture.statusCode());
        assertEquals("image/jpeg", picture.headers().firstValue("content-type").orElse(""));
        var decoded = dev.benchmate.looking.PictureFiles.decode(picture.body(), "last.jpg", 10_000_000);
        assertEquals(200, decoded.width());
        assertTrue((decoded.bgr()[2] & 0xFF) > 150, "the red picture comes back red");

        HttpResponse<String> frame = http.get("/api/camera/frame");
        JsonNode e = error(404, frame);
        assertTrue(e.get("error").asText().contains("camera"), frame.body());
    }

    @Test
    void badInputGetsAStatusAndOneLineOfWhyAndTheServiceAnswersOn() throws Exception {
        assertTrue(error(400, http.form("/api/ask", parts("question", "   "))).get("error").asText()
                .contains("empty"));
        assertTrue(error(400, http.form("/api/ask", parts("question", "Hi", "audio:q.wav",
                Files.readAllBytes(SimulatedNpu.sharedData("jfk.wav"))))).get("error").asText().contains("either"));
        assertTrue(error(400, http.form("/api/ask", parts("question", "What is this?", "picture:notes.txt",
                "a shopping list".getBytes()))).get("error").asText().contains("notes.txt"));
        byte[] truncated = java.util.Arrays.copyOf(Http.png(640, 480, 1, 2, 3), 60);
        error(400, http.form("/api/ask", parts("question", "What is this?", "picture:cut.png", truncated)));
        // 9000 x 9000: over the 70-megapixel limit, refused from its header before decoding
        assertTrue(error(400, http.form("/api/ask", parts("question", "What is this?", "picture:huge.png",
                Http.png(9000, 9000, 0, 0, 0)))).get("error").asText().contains("megapixels"));
        assertTrue(error(400, http.form("/api/ask", parts("question", "word ".repeat(3000))))
                .get("error").asText().contains("too long"));
        assertTrue(error(400, http.form("/api/ask", parts("question", "Hi", "camera", "maybe")))
                .get("error").asText().contains("camera"));
        assertTrue(error(400, http.form("/api/ask", parts("question", "Hi", "speak", "loudly")))
                .get("error").asText().contains("speak"));
        assertEquals(413, http.formExpectingContinue("/api/ask", parts("question", "Hi", "picture:big.bin",
                new byte[3 << 20])).statusCode());
        assertTrue(error(503, http.form("/api/ask", parts("audio:q.wav",
                Files.readAllBytes(SimulatedNpu.sharedData("jfk.wav"))))).get("error").asText()
                .contains("transcription"), "a recording needs transcription, which is off here");
        assertTrue(error(409, http.post("/api/push-to-talk")).get("error").asText().contains("microphone"));
        assertEquals(415, http.send(http.request("/api/ask").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"question\": \"Hi\"}")).build()).statusCode());
        assertEquals(404, http.get("/api/nothing-here").statusCode());

        assertEquals(200, http.get("/q/health/live").statusCode());
        assertTrue(service.process.isAlive());
        assertTrue(ask("question", "Still there?").get("answer").asText().startsWith("Simulated answer"));
    }

    @Test
    void anEightThousandPixelSquarePictureIsAnsweredWithinTheMemoryBudget() throws Exception {
        byte[] png = Http.png(8000, 8000, 30, 170, 30); // 64 megapixels in about 200 kB
        JsonNode a = ask("question", "What colour is this?", "picture:huge.png", png);
        assertTrue(a.get("answer").asText().endsWith("The picture is green."), a.toString());
        long[] kb = Http.rssKb(service.process.pid());
        System.out.printf("service RSS after an 8000x8000 PNG: %d MB now, %d MB at its peak%n", kb[0] / 1024,
                kb[1] / 1024);
        assertTrue(kb[1] < 700 * 1024, "peak RSS " + kb[1] / 1024 + " MB stays under 700 MB");
    }

    @Test
    void stopAndNewConversationActAtOnce() throws Exception {
        assertEquals("{\"stopped\":true}", http.post("/api/stop").body());
        HttpResponse<String> r = http.post("/api/conversation/new");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(ask("question", "Hello?", "camera", "false").get("answer").asText()
                .startsWith("Simulated answer to turn 1"));
    }

    @Test
    void healthSaysReadyWithEachPartAndMetricsCountTurns() throws Exception {
        ask("question", "Count me", "camera", "false");
        HttpResponse<String> ready = http.get("/q/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        JsonNode checks = json(ready.body()).get("checks").get(0).get("data");
        assertTrue(checks.get("microphone").asText().startsWith("off: "), ready.body());
        assertTrue(checks.get("transcription").asText().startsWith("off: "), "off parts do not make it DOWN");
        assertEquals("UP", json(http.get("/q/health/live").body()).get("status").asText());

        String metrics = http.get("/q/metrics").body();
        for (String name : new String[] {"benchmate_turn_latency_seconds_bucket{door=\"api\",stage=\"total\"",
                "benchmate_turn_latency_seconds_count{door=\"api\",stage=\"first_token\",thinker=\"npu\"}",
                "benchmate_turns_total{door=\"api\",outcome=\"answered\"}", "benchmate_kv_cache_fill",
                "benchmate_queue_length", "benchmate_tokens_per_second_count"}) {
            assertTrue(metrics.contains(name), name + " in /q/metrics");
        }
        assertNotEquals(-1, metrics.indexOf("# TYPE benchmate_turn_latency_seconds histogram"));
    }

    @Test
    void theApiIsDescribedInOpenApi() throws Exception {
        String doc = http.get("/q/openapi").body();
        for (String path : new String[] {"/api/ask", "/api/events", "/api/stop", "/api/conversation/new",
                "/api/push-to-talk", "/api/camera/frame", "/api/turns/latency", "/api/status"}) {
            assertTrue(doc.contains(path + ":"), path + " in the OpenAPI document");
        }
        assertEquals(200, http.get("/q/swagger-ui/").statusCode());
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw new AssertionError(s, e);
        }
    }
}
