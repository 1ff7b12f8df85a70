package dev.benchmate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.testing.Http;
import dev.benchmate.testing.JarProcess;
import dev.benchmate.testing.SimulatedNpu;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may use the HTTP front door: loopback by default, a token for anything else, commands never. */
class HttpAccessIT {
    @Test
    void anyAddressButLoopbackWithoutATokenIsRefusedAtStartNamingTheSetting() throws Exception {
        try (JarProcess service = JarProcess.start(List.of("-Dquarkus.profile=sim", "-Dbenchmate.http.host=0.0.0.0"))) {
            int status = service.awaitExit(60);
            assertNotEquals(0, status, service.output());
            assertTrue(service.output().contains("benchmate.http.token"), service.output());
            assertFalse(service.output().contains("Benchmate ready"), "it never served: " + service.output());
            assertFalse(service.output().contains("loaded"), "nor touched the NPU: " + service.output());
        }
    }

    @Test
    void quarkusOwnHostSettingCannotGoRoundTheTokenRule() throws Exception {
        try (JarProcess service = JarProcess.start(List.of("-Dquarkus.profile=sim", "-Dquarkus.http.host=0.0.0.0"))) {
            assertNotEquals(0, service.awaitExit(60), service.output());
            assertTrue(service.output().contains("quarkus.http.host is 0.0.0.0")
                    && service.output().contains("benchmate.http.token"), service.output());
        }
    }

    @Test
    void withATokenEveryApiRequestNeedsItAndHealthAndTheConsoleFilesStayOpen() throws Exception {
        String token = "s3cret-bench-token";
        try (JarProcess service = JarProcess.start(List.of("-Dquarkus.profile=sim", "-Dbenchmate.http.host=0.0.0.0",
                "-Dbenchmate.http.token=" + token))) {
            assertTrue(service.awaitOutput("Benchmate ready", 90), service.output());
            Http anonymous = new Http(service.port);
            Http wrong = new Http(service.port, "guess");
            Http right = new Http(service.port, token);

            HttpResponse<String> refused = anonymous.get("/api/status");
            assertEquals(401, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("Authorization: Bearer"), refused.body());
            assertTrue(refused.headers().firstValue("www-authenticate").orElse("").startsWith("Bearer"));
            assertEquals(401, wrong.get("/api/status").statusCode());
            assertEquals(401, anonymous.post("/api/stop").statusCode());
            assertEquals(401, anonymous.form("/api/ask", Http.parts("question", "Hi")).statusCode());
            assertEquals(401, anonymous.get("/q/metrics").statusCode());
            HttpResponse<String> openAi = anonymous.get("/v1/models");
            assertEquals(401, openAi.statusCode());
            assertTrue(openAi.body().contains("\"error\":{\"message\""), "OpenAI's error shape: " + openAi.body());

            assertEquals(200, right.get("/api/status").statusCode());
            assertTrue(right.form("/api/ask", Http.parts("question", "Hi", "camera", "false")).body()
                    .contains("Simulated answer"));
            assertEquals(200, right.get("/q/metrics").statusCode());

            // matrix parameters, which the router strips after the filter's check, are refused outright
            for (String sly : new String[] {"/api;x=1/status", "/api;/status", "/v1;/models"}) {
                assertEquals(400, anonymous.get(sly).statusCode(), sly);
            }
            assertEquals(400, anonymous.post("/api;/stop").statusCode(), "POST /api;/stop");
            assertEquals(401, anonymous.get("/q/openapi").statusCode(), "anything not on the open list needs it");
            assertEquals(401, anonymous.get("/API/status").statusCode(), "another spelling is not on the open list");
            assertEquals(200, anonymous.get("/").statusCode(), "the console's page holds no data");
            assertTrue(anonymous.get("/").headers().firstValue("content-security-policy").orElse("")
                    .contains("frame-ancestors 'none'"));

            assertEquals(200, anonymous.get("/q/health/ready").statusCode(), "health stays open");
            assertEquals(200, anonymous.get("/q/health/live").statusCode());
        }
    }

    @Test
    void theCommandsNeverOpenThePort() throws Exception {
        int port = JarProcess.freePort();
        try (JarProcess chat = JarProcess.start(List.of("-Dbenchmate.http.port=" + port), "chat", "--sim",
                SimulatedNpu.sharedData("demo.jpg").toString())) {
            assertTrue(chat.awaitOutput("LLM model loaded", 60), chat.output());
            assertTrue(chat.process.isAlive(), "chat waits for a question: " + chat.output());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                throw new AssertionError("chat listens on " + port);
            } catch (ConnectException expected) {
                // nothing listens: the command did not open the port
            }
            chat.type("What is this?\n");
            assertTrue(chat.awaitOutput("Simulated answer to turn 1", 30), chat.output());
        }
    }
}
