package dev.benchmate.web.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.models.Model;
import dev.benchmate.testing.JarProcess;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible endpoint of the packaged service on the simulated NPU, driven by the
 * official OpenAI Java client as an OpenAI-compatible tool would drive it (bad inputs by plain HTTP,
 * which the client would not send). The simulator's reply counts the user turns in the KV cache
 * ("turn N") and names the colour of the picture it holds.
 */
class OpenAiEndpointIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String GREEN = "Simulated answer to turn 1. The picture is green.";
    static JarProcess service;
    static OpenAIClient client;
    static HttpClient http;
    static String greenPng;

    @BeforeAll
    static void start() throws Exception {
        service = JarProcess.start(List.of("-Dquarkus.profile=sim"));
        assertTrue(service.awaitOutput("Benchmate ready", 90), service.output());
        client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + service.port + "/v1")
                .apiKey("not-needed-on-loopback").maxRetries(0).timeout(Duration.ofSeconds(60)).build();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        greenPng = "data:image/png;base64," + Base64.getEncoder().encodeToString(png(30, 170, 30));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (service != null) {
            service.close();
        }
    }

    /** A solid 640x480 PNG, made here. */
    static byte[] png(int r, int g, int b) throws IOException {
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        g2.setColor(new Color(r, g, b));
        g2.fillRect(0, 0, 640, 480);
        g2.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static List<ChatCompletionContentPart> withPicture(String text, String dataUri) {
        return List.of(
                ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                        .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder().url(dataUri).build()).build()),
                ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text(text).build()));
    }

    static String content(ChatCompletion c) {
        return c.choices().get(0).message().content().orElse("");
    }

    /** A streamed answer put back together: its text, its finish reason, its usage, and its role. */
    record Streamed(String text, String finishReason, CompletionUsage usage, String role, int chunks) {
    }

    static Streamed stream(ChatCompletionCreateParams params) {
        StringBuilder text = new StringBuilder();
        String[] finish = {null};
        CompletionUsage[] usage = {null};
        String[] role = {null};
        int[] chunks = {0};
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
            s.stream().forEach(chunk -> {
                chunks[0]++;
                chunk.usage().ifPresent(u -> usage[0] = u);
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    choice.delta().role().ifPresent(r -> {
                        if (role[0] == null) {
                            role[0] = r.asString();
                        }
                    });
                    choice.delta().content().ifPresent(text::append);
                    choice.finishReason().ifPresent(f -> finish[0] = f.asString());
                }
            });
        }
        return new Streamed(text.toString(), finish[0], usage[0], role[0], chunks[0]);
    }

    @Test
    void oneModelIsListed() {
        List<Model> models = client.models().list().data();
        assertEquals(1, models.size());
        assertEquals("benchmate", models.get(0).id());
        assertEquals("benchmate", models.get(0).ownedBy());
    }

    @Test
    void aPictureThenAFollowUpThatExtendsItThenAnotherHistory() {
        ChatCompletion first = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o").addUserMessageOfArrayOfContentParts(withPicture("What colour is it?", greenPng))
                .build());
        assertEquals(GREEN, content(first));
        assertEquals("stop", first.choices().get(0).finishReason().asString());
        CompletionUsage u1 = first.usage().orElseThrow();
        assertTrue(u1.promptTokens() > 196, "the picture's tokens were prefilled: " + u1.promptTokens());
        assertEquals(11, u1.completionTokens(), "the simulator's answer is 11 tokens");
        assertEquals(u1.promptTokens() + u1.completionTokens(), u1.totalTokens());

        ChatCompletion second = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("anything-at-all")
                .addUserMessageOfArrayOfContentParts(withPicture("What colour is it?", greenPng))
                .addAssistantMessage(content(first))
                .addUserMessage("Are you sure?").build());
        assertEquals("Simulated answer to turn 2. The picture is green.", content(second),
                "the request extends the conversation held: it goes on in the KV cache");
        long prefilled = second.usage().orElseThrow().promptTokens();
        assertTrue(prefilled < 30, "only the new question was prefilled: " + prefilled);

        ChatCompletion other = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("benchmate").addUserMessage("What is a resistor?")
                .addAssistantMessage("A part that resists current.").addUserMessage("And a diode?").build());
        assertEquals("Simulated answer to turn 2.", content(other),
                "another history: the conversation starts again with it written back (its exchange, then the question)");
    }

    @Test
    void aTurnFromAnotherDoorInBetweenMakesTheNextRequestStartAgainWithItsPicture() throws Exception {
        ChatCompletion first = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("x").addUserMessageOfArrayOfContentParts(withPicture("What colour is it?", greenPng)).build());
        assertEquals(GREEN, content(first));

        // Benchmate's own API asks in between, as the voice loop would: it goes on in the same KV cache
        String boundary = "benchmate-test-boundary";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"question\"\r\n\r\n"
                + "Meanwhile, what is on the bench?\r\n--" + boundary + "--\r\n";
        HttpResponse<String> between = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + service.port + "/api/ask"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, between.statusCode(), between.body());
        assertTrue(between.body().contains("Simulated answer to turn 2."), between.body());

        ChatCompletion next = client.chat().completions().create(ChatCompletionCreateParams.builder().model("x")
                .addUserMessageOfArrayOfContentParts(withPicture("What colour is it?", greenPng))
                .addAssistantMessage(content(first)).addUserMessage("Are you sure?").build());
        assertEquals("Simulated answer to turn 2. The picture is green.", content(next), "the held history has "
                + "changed: the conversation starts again with the request's exchange written back, its picture "
                + "attached again");
    }

    @Test
    void streamedWithAPictureAndUsageThenAStreamedFollowUp() {
        Streamed first = stream(ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addUserMessageOfArrayOfContentParts(withPicture("What colour is it?", greenPng))
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());
        assertEquals(GREEN, first.text());
        assertEquals("assistant", first.role());
        assertEquals("stop", first.finishReason());
        assertTrue(first.chunks() >= 13, "the answer came in pieces: " + first.chunks() + " chunks");
        assertEquals(11, first.usage().completionTokens());
        assertEquals(first.usage().promptTokens() + 11, first.usage().totalTokens());

        Streamed second = stream(ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addUserMessageOfArrayOfContentParts(withPicture("What colour is it?", greenPng))
                .addAssistantMessage(first.text()).addUserMessage("And now?").build());
        assertEquals("Simulated answer to turn 2. The picture is green.", second.text());
        assertEquals(null, second.usage(), "no usage chunk unless asked for");
    }

    @Test
    void maxTokensEndsTheAnswerWithLength() {
        ChatCompletion cut = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("benchmate").addUserMessage("Tell me everything.").maxCompletionTokens(3).build());
        assertEquals("Simulated answer to", content(cut));
        assertEquals("length", cut.choices().get(0).finishReason().asString());
        assertEquals(3, cut.usage().orElseThrow().completionTokens());

        Streamed streamed = stream(ChatCompletionCreateParams.builder().model("benchmate")
                .addUserMessage("Tell me everything.").maxTokens(4).build());
        assertEquals("Simulated answer to turn", streamed.text());
        assertEquals("length", streamed.finishReason());
    }

    @Test
    void temperatureReachesTheRuntime() throws Exception {
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("benchmate").addUserMessage("Be creative.").temperature(0.35).build());
        assertEquals("Simulated answer to turn 1.", content(c));
        assertTrue(service.awaitOutput("with its own sampling_params: temperature=0.35", 10),
                "the simulator was given the run's temperature: " + service.output());
    }

    // ---------------------------------------------------------------- bad input, by plain HTTP

    static HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port + "/v1/chat/completions"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String question(String content) {
        return "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":" + content + "}]}";
    }

    static String pictureQuestion(String url) {
        return question("[{\"type\":\"text\",\"text\":\"What is it?\"},{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"" + url + "\"}}]");
    }

    /** A 400 in OpenAI's error shape, with a one-line message containing the words. */
    static void assertRefused(HttpResponse<String> r, String words) throws IOException {
        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertEquals("invalid_request_error", error.get("type").asText(), r.body());
        String message = error.get("message").asText();
        assertTrue(message.contains(words), "'" + message + "' should say '" + words + "'");
        assertFalse(message.contains("\n"), "one line: " + message);
        assertTrue(error.has("param") && error.has("code"), r.body());
    }

    @Test
    void badInputIsRefusedWithAReasonAndTheServiceGoesOnAnswering() throws Exception {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"messages\": [", "not valid JSON");
        bad.put("{\"model\":\"x\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "'stream' must be true or false");
        bad.put("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":\"ten\"}",
                "'max_tokens' must be a whole number");
        bad.put("{\"model\":\"x\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"}]}", "no user message");
        bad.put(question("\"   \""), "the question is empty");
        bad.put(pictureQuestion("https://example.com/board.jpg"), "only data: URIs are taken");
        bad.put(pictureQuestion("data:image/png;base64,"
                + Base64.getEncoder().encodeToString("this is not a picture at all".getBytes())), "picture");
        bad.put(question("\"" + "Why is this so long? ".repeat(1500) + "\""), "too long");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            assertRefused(post(e.getKey()), e.getValue());
            HttpResponse<String> ok = post(question("\"Still there?\""));
            assertEquals(200, ok.statusCode(), "after '" + e.getValue() + "': " + ok.body());
            assertEquals("Simulated answer to turn 1.",
                    JSON.readTree(ok.body()).at("/choices/0/message/content").asText());
        }
    }

    @Test
    void aStreamedQuestionTooLongForTheContextIsA400NotAStream() throws Exception {
        String body = "{\"model\":\"x\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                + "Why is this so long? ".repeat(1500) + "\"}]}";
        assertRefused(post(body), "too long");
    }

    // ---------------------------------------------------------------- the NPU busy

    @Test
    void aQuestionThatCannotWaitForTheNpuGets429WithRetryAfter() throws Exception {
        // A service of its own: no room in the queue, and a slow simulated decode so a turn is under way.
        try (JarProcess busy = JarProcess.start(List.of("-Dquarkus.profile=sim", "-Dbenchmate.turns.queue-size=0"),
                Map.of("BENCHMATE_SIM_DECODE_MS_PER_TOKEN", "300"))) {
            assertTrue(busy.awaitOutput("Benchmate ready", 90), busy.output());
            URI uri = URI.create("http://127.0.0.1:" + busy.port + "/v1/chat/completions");
            HttpRequest slow = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(question("\"First?\""))).build();
            CompletableFuture<HttpResponse<String>> first = http.sendAsync(slow, HttpResponse.BodyHandlers.ofString());
            assertTrue(waitForTurn(busy), "the first question is being answered: " + busy.output());

            List<HttpResponse<String>> refused = new ArrayList<>();
            for (String body : List.of(question("\"Second?\""),
                    "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Third?\"}]}")) {
                refused.add(http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (HttpResponse<String> r : refused) {
                assertEquals(429, r.statusCode(), r.body());
                assertTrue(r.headers().firstValue("Retry-After").isPresent(), "Retry-After: " + r.headers().map());
                assertEquals("rate_limit_exceeded", JSON.readTree(r.body()).at("/error/type").asText(), r.body());
            }
            assertEquals(200, first.get().statusCode(), "the turn under way was answered");
            HttpResponse<String> later = http.send(slow, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, later.statusCode(), "and the service answers again once the NPU is free: " + later.body());
        }
    }

    /** Waits until the busy service's first turn is thinking (its run has started on the NPU). */
    static boolean waitForTurn(JarProcess p) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            try {
                HttpResponse<String> s = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + p.port + "/api/status")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (s.statusCode() == 200 && (s.body().contains("\"THINKING\"") || s.body().contains("\"SPEAKING\""))) {
                    return true;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(50);
        }
        return false;
    }
}
