package dev.benchmate.web.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchmate.core.BusyException;
import dev.benchmate.core.Stage;
import dev.benchmate.core.Turn;
import dev.benchmate.core.TurnFailedException;
import dev.benchmate.core.TurnLatency;
import dev.benchmate.core.TurnResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The chunks a streamed answer goes out as, and when its HTTP status is decided. */
class ChatStreamTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static OpenAiChat chat(boolean includeUsage) {
        return new OpenAiChat(ChatRequestParser.parse(("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":" + includeUsage + "}}")
                .getBytes(StandardCharsets.UTF_8)));
    }

    static TurnResult result(String answer, boolean limitReached) {
        return new TurnResult(1, true, "Hi", answer, false, false, false, new TurnLatency(0, 0, 0, 0, 1, -1, 2),
                List.of(), Optional.empty(), List.of(), 21, 6, limitReached);
    }

    static List<String> events(ByteArrayOutputStream out) {
        List<String> events = new ArrayList<>();
        for (String block : out.toString(StandardCharsets.UTF_8).split("\n\n")) {
            assertTrue(block.startsWith("data: "), block);
            events.add(block.substring(6));
        }
        return events;
    }

    @Test
    void roleThenPiecesThenFinishThenUsageThenDone() throws Exception {
        ChatStream stream = new ChatStream();
        Turn turn = new Turn(1, new CompletableFuture<>());
        stream.text("Simulated");
        stream.text(" answer.");
        turn.result().complete(result("Simulated answer.", false));
        stream.awaitStart(turn);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        stream.write(out, turn, chat(true));

        List<String> events = events(out);
        assertEquals(6, events.size(), events.toString());
        JsonNode role = JSON.readTree(events.get(0));
        assertEquals("chat.completion.chunk", role.get("object").asText());
        assertEquals("assistant", role.at("/choices/0/delta/role").asText());
        assertTrue(role.get("usage").isNull(), "with include_usage, chunks carry usage null");
        assertEquals("Simulated", JSON.readTree(events.get(1)).at("/choices/0/delta/content").asText());
        assertEquals(" answer.", JSON.readTree(events.get(2)).at("/choices/0/delta/content").asText());
        JsonNode finish = JSON.readTree(events.get(3));
        assertEquals("stop", finish.at("/choices/0/finish_reason").asText());
        JsonNode usage = JSON.readTree(events.get(4));
        assertEquals(0, usage.get("choices").size());
        assertEquals(21, usage.at("/usage/prompt_tokens").asInt());
        assertEquals(6, usage.at("/usage/completion_tokens").asInt());
        assertEquals(27, usage.at("/usage/total_tokens").asInt());
        assertEquals("[DONE]", events.get(5));
        assertEquals(role.get("id").asText(), usage.get("id").asText(), "one id for the whole stream");
    }

    @Test
    void anAnswerCutAtItsLimitEndsWithLengthAndNoUsageUnlessAsked() throws Exception {
        ChatStream stream = new ChatStream();
        Turn turn = new Turn(1, CompletableFuture.completedFuture(result("Simulated answer to", true)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        stream.write(out, turn, chat(false));
        List<String> events = events(out);
        assertEquals("length", JSON.readTree(events.get(events.size() - 2)).at("/choices/0/finish_reason").asText());
        assertFalse(JSON.readTree(events.get(0)).has("usage"));
        assertEquals("[DONE]", events.get(events.size() - 1));
    }

    @Test
    void aTurnRefusedBeforeItsFirstWordIsTheResponseItself() {
        ChatStream stream = new ChatStream();
        BusyException busy = new BusyException("the NPU is busy", Duration.ofSeconds(7));
        Turn turn = new Turn(1, CompletableFuture.failedFuture(busy));
        assertSame(busy, assertThrows(BusyException.class, () -> stream.awaitStart(turn)));
    }

    @Test
    void aFailureAfterTheFirstWordIsAnErrorEventWithoutDone() throws Exception {
        ChatStream stream = new ChatStream();
        Turn turn = new Turn(1, new CompletableFuture<>());
        stream.text("Simulated");
        stream.awaitStart(turn); // returns: the answer has begun
        turn.result().completeExceptionally(new TurnFailedException(Stage.THINKING, "the runtime failed", false, null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        stream.write(out, turn, chat(false));
        List<String> events = events(out);
        JsonNode error = JSON.readTree(events.get(events.size() - 1));
        assertEquals("the runtime failed", error.at("/error/message").asText());
        assertEquals("server_error", error.at("/error/type").asText());
        assertFalse(events.contains("[DONE]"));
    }

    @Test
    void aWholeCompletionCarriesTheAnswerTheReasonAndTheUsage() throws Exception {
        JsonNode c = JSON.readTree(chat(false).completion(result("Simulated answer.", false)));
        assertEquals("chat.completion", c.get("object").asText());
        assertEquals("benchmate", c.get("model").asText());
        assertEquals("assistant", c.at("/choices/0/message/role").asText());
        assertEquals("Simulated answer.", c.at("/choices/0/message/content").asText());
        assertEquals("stop", c.at("/choices/0/finish_reason").asText());
        assertEquals(27, c.at("/usage/total_tokens").asInt());
    }
}
