package dev.benchmate.web.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.benchmate.core.FrontDoor;
import dev.benchmate.core.Question;
import dev.benchmate.thinking.Exchange;
import dev.benchmate.thinking.RunOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The question a chat request becomes for the assistant. */
class OpenAiChatTest {
    @Test
    void neverSpokenFromTheOpenAiDoorWithItsHistoryAndOptions() {
        ChatRequest r = ChatRequestParser.parse(("{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Hello?\"},{\"role\":\"assistant\",\"content\":\"Hi.\"},"
                + "{\"role\":\"user\",\"content\":\"What is it?\"}],\"max_tokens\":7,\"temperature\":0.5}")
                .getBytes(StandardCharsets.UTF_8));
        Question q = new OpenAiChat(r).question((d, n) -> dev.benchmate.looking.PictureFiles.decode(d, n, 1_000_000));
        assertFalse(q.speak(), "answers on /v1 are never spoken");
        assertEquals(FrontDoor.OPENAI, q.from());
        assertEquals("What is it?", q.text());
        assertInstanceOf(Question.PictureChoice.None.class, q.picture(), "no camera frame for a text question");
        assertEquals(List.of(new Exchange("Hello?", null, "Hi.")), q.history().exchanges());
        assertNull(q.history().latestPicture());
        assertEquals(new RunOptions(7, 0.5f, null), q.options());
    }
}
