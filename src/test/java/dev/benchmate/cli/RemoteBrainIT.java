package dev.benchmate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchmate.testing.Http;
import dev.benchmate.testing.JarProcess;
import dev.benchmate.testing.Pictures;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Thinking on an engine on the LAN, on loopback: one packaged Benchmate on the simulator serves
 * /v1 as the engine; another thinks there (benchmate.brain=remote). The `ask` command with no
 * local models gets its answer from the engine; a service with the NPU as fallback asks about a
 * picture and a follow-up there (the engine's turn count goes on), then, with the engine stopped,
 * the local simulator answers, saying it fell back.
 */
class RemoteBrainIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theEngineAnswersAndTheNpuStandsInWhenItStops() throws Exception {
        Path dir = Files.createTempDirectory("benchmate-remote");
        Path green = Pictures.png(dir.resolve("green.png"), 30, 170, 30);
        try (JarProcess engine = JarProcess.start(List.of("-Dquarkus.profile=sim"));
             JarProcess board = JarProcess.start(List.of("-Dquarkus.profile=sim", "-Dbenchmate.brain=remote",
                     "-Dbenchmate.remote.url=http://127.0.0.1:" + engineUrlPort(engine) + "/v1",
                     "-Dbenchmate.remote.recheck=2s", "-Dbenchmate.vision.encode-ahead=false"))) {
            assertTrue(engine.awaitOutput("Benchmate ready", 90), engine.output());
            String url = "http://127.0.0.1:" + engine.port + "/v1";

            // the done-when command: no local models (the default paths do not exist here), the engine's answer
            try (JarProcess ask = JarProcess.start(List.of("-Dbenchmate.brain=remote", "-Dbenchmate.remote.url=" + url),
                    "ask", "--image", green.toString(), "--text", "What colour is this?",
                    "--out", dir.resolve("a.wav").toString())) {
                assertEquals(0, ask.awaitExit(90), ask.output());
                assertTrue(ask.output().contains("answer: Simulated answer to turn 1. The picture is green."),
                        ask.output());
                assertTrue(ask.output().contains("no fallback"), "the log says the NPU cannot stand in: " + ask.output());
            }

            assertTrue(board.awaitOutput("Benchmate ready", 90), board.output());
            assertTrue(board.output().contains("the NPU stands in when it fails"), board.output());
            Http http = new Http(board.port);
            http.post("/api/conversation/new");
            JsonNode first = ask(http, "question", "What colour is this?", "picture:green.png",
                    Files.readAllBytes(green));
            assertEquals("Simulated answer to turn 1. The picture is green.", first.get("answer").asText(), first.toString());
            assertTrue(first.get("pictureAttached").asBoolean());
            assertEquals("remote", first.get("latency").get("thinker").asText(), first.toString());
            JsonNode second = ask(http, "question", "And is it bright?", "camera", "false");
            assertEquals("Simulated answer to turn 2. The picture is green.", second.get("answer").asText(),
                    "the follow-up went on in the engine's conversation: " + second);
            assertTrue(second.get("problems").isEmpty(), second.toString());

            engine.signal("TERM");
            engine.awaitExit(30);
            JsonNode third = ask(http, "question", "And now?", "camera", "false");
            assertTrue(third.get("answer").asText().endsWith("The picture is green."),
                    "the local simulator took the conversation over, picture and all: " + third);
            assertTrue(third.get("problems").toString().contains("falling back to the NPU"), third.toString());
            assertTrue(board.awaitOutput("Falling back to the NPU", 5), board.output());
            assertEquals("npu", third.get("latency").get("thinker").asText(), third.toString());
            String status = http.get("/api/status").body();
            assertTrue(status.contains("is not answering, the NPU answers for it"), "readiness says so: " + status);
            JsonNode fourth = ask(http, "question", "Still there?", "camera", "false");
            assertFalse(fourth.get("problems").toString().contains("falling back"), "said once: " + fourth);
            String metrics = http.get("/q/metrics").body();
            assertTrue(metrics.contains("benchmate_fallbacks_total{door=\"api\"} 1.0"), metrics);
            assertTrue(metrics.contains("benchmate_turn_latency_seconds_count{door=\"api\",stage=\"first_token\","
                    + "thinker=\"remote\"} 2.0"), "remote turns beside the NPU's in the metrics");
        }
    }

    /** The engine's port, known before it is ready (JarProcess chose it). */
    private static int engineUrlPort(JarProcess engine) {
        return engine.port;
    }

    private static JsonNode ask(Http http, Object... parts) throws Exception {
        HttpResponse<String> r = http.form("/api/ask", Http.parts(parts));
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }
}
