package dev.benchmate.thinking.remote;

import static dev.benchmate.thinking.remote.ScriptedEngine.chunk;
import static dev.benchmate.thinking.remote.ScriptedEngine.done;
import static dev.benchmate.thinking.remote.ScriptedEngine.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.Picture;
import dev.benchmate.media.TokenListener;
import dev.benchmate.thinking.Answer;
import dev.benchmate.thinking.Conversation;
import dev.benchmate.thinking.Exchange;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The conversation kept as messages for an engine on the LAN, against a scripted engine. */
class RemoteConversationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    ScriptedEngine engine;
    RemoteConversation chat;

    @BeforeEach
    void start() throws Exception {
        engine = new ScriptedEngine();
        chat = conversation(4096);
    }

    RemoteConversation conversation(int context) {
        return new RemoteConversation(new EngineClient(new RemoteSettings(engine.url(), Optional.empty(),
                Optional.empty(), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), 100, context,
                0.2f, 0.9f, 1024, 85, "Be brief.")));
    }

    @AfterEach
    void stop() {
        chat.close();
        engine.close();
    }

    static Picture solid(int w, int h, int b, int g, int r) {
        byte[] bgr = new byte[w * h * 3];
        for (int i = 0; i < bgr.length; i += 3) {
            bgr[i] = (byte) b;
            bgr[i + 1] = (byte) g;
            bgr[i + 2] = (byte) r;
        }
        return new Picture(w, h, bgr, "test " + w + "x" + h);
    }

    void replies(String text, int prompt, int completion) {
        engine.reply = ScriptedEngine.Reply.sse(chunk(text), usage(prompt, completion), done());
    }

    JsonNode sent(int i) throws Exception {
        return JSON.readTree(engine.bodies.get(i));
    }

    @Test
    void thePictureGoesAsAScaledJpegAndStaysInTheHistoryForTheFollowUp() throws Exception {
        replies("It is green.", 1300, 4);
        List<String> pieces = new ArrayList<>();
        Answer first = chat.ask(Conversation.Request.of("What colour is this?",
                ImageEmbedding.unencoded(solid(2048, 1536, 30, 170, 30))), pieces::add);
        assertEquals("It is green.", first.text());
        assertEquals(List.of("It is green."), pieces);
        assertTrue(first.pictureAttached());
        assertEquals(1304, first.kvCacheSize());
        JsonNode body = sent(0);
        assertEquals("qwen2.5-vl-7b", body.get("model").asText(), "the engine's first model");
        assertTrue(body.get("stream").asBoolean());
        assertEquals(100, body.get("max_tokens").asInt());
        assertEquals(100, body.get("max_completion_tokens").asInt());
        JsonNode messages = body.get("messages");
        assertEquals("system", messages.get(0).get("role").asText());
        String url = messages.get(1).get("content").get(0).get("image_url").get("url").asText();
        assertTrue(url.startsWith("data:image/jpeg;base64,"), url.substring(0, 30));
        var image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(url.substring(23))));
        assertEquals(1024, image.getWidth());
        assertEquals(768, image.getHeight());
        int rgb = image.getRGB(10, 10);
        assertTrue(((rgb >> 8) & 0xff) > 150 && ((rgb >> 16) & 0xff) < 60, "green stays green: " + Integer.toHexString(rgb));
        assertEquals("What colour is this?", messages.get(1).get("content").get(1).get("text").asText());

        replies("Yes.", 1320, 2);
        chat.ask(Conversation.Request.of("Is it bright?", null), TokenListener.NONE);
        JsonNode again = sent(1).get("messages");
        assertEquals(4, again.size());
        assertEquals(url, again.get(1).get("content").get(0).get("image_url").get("url").asText(),
                "the picture stays where it was shown");
        assertEquals("It is green.", again.get(2).get("content").asText());
        assertEquals("Is it bright?", again.get(3).get("content").asText());
        assertTrue(chat.hasPictureInContext());

        replies("Red.", 1340, 2);
        chat.ask(Conversation.Request.of("And this one?", ImageEmbedding.unencoded(solid(64, 64, 0, 0, 200))),
                TokenListener.NONE);
        JsonNode third = sent(2).get("messages");
        assertTrue(third.get(1).get("content").isTextual(), "the older picture left the history");
        assertTrue(third.get(5).get("content").isArray(), "only the newest picture goes");
        assertEquals(List.of(new Exchange("What colour is this?", "picture", "It is green."),
                new Exchange("Is it bright?", null, "Yes."), new Exchange("And this one?", "picture", "Red.")),
                chat.history());

        chat.reset();
        assertTrue(chat.history().isEmpty());
        assertFalse(chat.hasPictureInContext());
        replies("Hello.", 20, 2);
        chat.ask(Conversation.Request.of("Hi", null), TokenListener.NONE);
        assertEquals(2, sent(3).get("messages").size(), "a new conversation sends no history");
    }

    @Test
    void theOldestTurnsGoWhenTheEnginesCountSaysTheBudgetIsFull() throws Exception {
        chat.close();
        chat = conversation(1000);
        List<String> restarts = new ArrayList<>();
        chat.onRestart(restarts::add);
        replies("One.", 600, 300);
        chat.ask(Conversation.Request.of("First?", null), TokenListener.NONE);
        replies("Two.", 750, 100);
        Answer second = chat.ask(Conversation.Request.of("Second?", null), TokenListener.NONE);
        assertTrue(second.restarted());
        assertEquals(List.of(Conversation.CONTEXT_FULL), restarts);
        JsonNode messages = sent(1).get("messages");
        assertEquals(2, messages.size(), "the first turn (900 tokens) was let go: " + messages);
    }

    @Test
    void anotherHistoryIsTakenAsTheConversation() throws Exception {
        replies("Fine.", 60, 2);
        Picture green = solid(32, 32, 30, 170, 30);
        chat.ask(new Conversation.Request("And now?", null, null, List.of(new Exchange("What is it?", "abc", "A box.")),
                () -> ImageEmbedding.unencoded(green), null), TokenListener.NONE);
        JsonNode messages = sent(0).get("messages");
        assertEquals(4, messages.size());
        assertTrue(messages.get(1).get("content").isArray(), "the history's picture goes where it was shown");
        assertEquals("A box.", messages.get(2).get("content").asText());
        assertNull(chat.history().get(1).pictureDigest());
    }

    @Test
    void aTurnThatFailsLeavesTheConversationAsItWas() throws Exception {
        replies("Green.", 1300, 2);
        chat.ask(Conversation.Request.of("What colour?", ImageEmbedding.unencoded(solid(64, 64, 30, 170, 30))),
                TokenListener.NONE);
        engine.reply = ScriptedEngine.Reply.status(500, "{\"error\":{\"message\":\"boom\"}}");
        org.junit.jupiter.api.Assertions.assertThrows(EngineException.class, () -> chat.ask(Conversation.Request.of(
                "And this?", ImageEmbedding.unencoded(solid(64, 64, 0, 0, 200))), TokenListener.NONE));
        assertEquals(1, chat.history().size());
        assertTrue(chat.hasPictureInContext(), "the first picture is still the conversation's");
        replies("Still green.", 1320, 3);
        chat.ask(Conversation.Request.of("Sure?", null), TokenListener.NONE);
        JsonNode messages = sent(2).get("messages");
        assertEquals(4, messages.size());
        assertTrue(messages.get(1).get("content").isArray(), "sent with its picture: " + messages);
        assertEquals(1323, chat.kvCacheSize(), "usage as the engine counted it");
    }

    @Test
    void abortDropsTheStream() throws Exception {
        engine.reply = ScriptedEngine.Reply.sse(chunk("One."), 1500L, chunk(" Two."), 1500L, chunk(" Three."), done());
        List<String> pieces = new ArrayList<>();
        Answer a = chat.ask(Conversation.Request.of("Count", null), piece -> {
            pieces.add(piece);
            new Thread(chat::abort).start();
        });
        assertTrue(a.aborted());
        assertEquals(List.of("One."), pieces);
        assertFalse(chat.isAnswering());
    }

    @Test
    void aStopWhileTheModelIsLookedUpIsNotMissed() throws Exception {
        chat.close();
        chat = new RemoteConversation(new EngineClient(new RemoteSettings(engine.url(), Optional.empty(),
                Optional.empty(), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(2), 100, 4096,
                0.2f, 0.9f, 1024, 85, "Be brief.")));
        engine.modelsDelayMs = 20_000; // the model is looked up at /models first (none configured)
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            chat.abort();
        });
        long t0 = System.nanoTime();
        stopper.start();
        Answer a = chat.ask(Conversation.Request.of("What is this?", ImageEmbedding.unencoded(solid(64, 48, 30, 170, 30))),
                TokenListener.NONE);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        stopper.join();
        assertTrue(a.aborted(), "the stop during the model lookup ended the turn");
        assertTrue(ms < 5000, "ended by the stop, not at the 10 s bound nor when /models answered (20 s): " + ms + " ms");
        assertTrue(engine.bodies.isEmpty(), "the question was not sent after the stop");
        assertTrue(chat.history().isEmpty(), "nothing kept of a stopped turn");
        assertFalse(chat.isAnswering());
    }

    @Test
    void thePictureMovingToTheFirstKeptTurnKeepsItsTokensInTheBudget() throws Exception {
        chat.close();
        chat = conversation(1455); // 100 tokens for the answer
        ImageEmbedding green = ImageEmbedding.unencoded(solid(64, 48, 30, 170, 30));
        replies("Green.", 1300, 10); // the picture takes about 1276 of them
        chat.ask(Conversation.Request.of("What is this?", green), TokenListener.NONE);
        replies("Yes.", 1330, 10);
        chat.ask(Conversation.Request.of("Is it a board?", null), TokenListener.NONE);
        replies("No.", 1360, 10);
        chat.ask(Conversation.Request.of("Is it blue?", null), TokenListener.NONE);
        assertEquals(1370, chat.kvCacheSize());

        replies("Sure.", 1380, 10);
        Answer a = chat.ask(Conversation.Request.of("Anything else?", null), TokenListener.NONE);
        JsonNode messages = sent(3).path("messages");
        // Letting the first turn go moves its picture (≈1276 tokens) to the next: that is not room enough,
        // so the second goes too, and the picture with the third.
        assertTrue(a.restarted());
        assertEquals(4, messages.size(), "system, the third turn with the picture, the question: " + messages);
        assertTrue(messages.get(1).path("content").isArray(), "the picture went with the first turn kept");
        assertEquals("Is it blue?", messages.get(1).path("content").get(1).path("text").asText());
        assertEquals(2, chat.history().size());
    }

    @Test
    void anOlderPictureLeftOutFreesItsTokens() throws Exception {
        chat.close();
        chat = conversation(1500);
        replies("Green.", 1300, 10);
        chat.ask(Conversation.Request.of("What is this?", ImageEmbedding.unencoded(solid(64, 48, 30, 170, 30))),
                TokenListener.NONE);
        replies("Red.", 1340, 10);
        // The new picture takes the old one's place: 1310 - 1276 + 1276 + the question + 100 fits 1500.
        Answer a = chat.ask(Conversation.Request.of("And this?", ImageEmbedding.unencoded(solid(64, 48, 30, 30, 170))),
                TokenListener.NONE);
        assertFalse(a.restarted(), "nothing had to be let go");
        assertEquals(2, chat.history().size());
        JsonNode messages = sent(1).path("messages");
        assertEquals(4, messages.size(), messages.toString());
        assertTrue(messages.get(1).path("content").isTextual(), "the older picture is left out");
    }
}
