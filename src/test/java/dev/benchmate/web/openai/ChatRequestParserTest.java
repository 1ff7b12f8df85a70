package dev.benchmate.web.openai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.thinking.Exchange;
import dev.benchmate.web.BadRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a chat-completions body becomes, and the one-line reason each bad one is refused with. */
class ChatRequestParserTest {
    static final byte[] PNG_BYTES = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    static final String PNG = "data:image/png;base64," + Base64.getEncoder().encodeToString(PNG_BYTES);

    static ChatRequest parse(String json) {
        return ChatRequestParser.parse(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    static String refused(String json) {
        return assertThrows(BadRequest.class, () -> parse(json)).getMessage();
    }

    @Test
    void aPlainQuestion() {
        ChatRequest r = parse("{'model':'gpt-4o','messages':[{'role':'user','content':'  What is this? '}]}");
        assertEquals("What is this?", r.question());
        assertEquals(List.of(), r.history());
        assertNull(r.picture());
        assertFalse(r.stream());
        assertNull(r.maxTokens());
        assertNull(r.temperature());
        assertEquals("gpt-4o", r.model());
    }

    @Test
    void partsWithAPictureAndTheOptions() {
        ChatRequest r = parse("{'messages':[{'role':'system','content':'Be brief.'},{'role':'user','content':["
                + "{'type':'text','text':'What colour'},{'type':'image_url','image_url':{'url':'" + PNG
                + "','detail':'low'}},{'type':'text','text':'is it?'}]}],'stream':true,"
                + "'stream_options':{'include_usage':true},'max_tokens':50,'temperature':0.2,'top_p':0.9,"
                + "'presence_penalty':1,'seed':7,'user':'x'}");
        assertEquals("What colour\nis it?", r.question());
        assertArrayEquals(PNG_BYTES, r.picture().data());
        assertEquals(64, r.picture().digest().length(), "a SHA-256 in hex");
        assertTrue(r.stream());
        assertTrue(r.includeUsage());
        assertEquals(50, r.maxTokens());
        assertEquals(0.2f, r.temperature());
        assertEquals(0.9f, r.topP());
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() {
        assertEquals(5, parse("{'messages':[{'role':'user','content':'Hi'}],'max_tokens':50,"
                + "'max_completion_tokens':5}").maxTokens());
    }

    @Test
    void earlierMessagesBecomeExchangesWithPicturesByDigest() {
        ChatRequest r = parse("{'messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'"
                + PNG + "'}},{'type':'text','text':'What is it?'}]},{'role':'assistant','content':'A card.'},"
                + "{'role':'user','content':'And its colour?'}]}");
        String digest = ChatRequestParser.sha256(PNG_BYTES);
        assertEquals(List.of(new Exchange("What is it?", digest, "A card.")), r.history());
        assertEquals("And its colour?", r.question());
        assertNull(r.picture());
        assertArrayEquals(PNG_BYTES, r.historyPicture().data(), "kept for a restart, which needs it");
    }

    @Test
    void theSamePictureAlwaysHasTheSameDigestAndAnotherAnother() {
        String again = "data:image/png;base64," + Base64.getEncoder().encodeToString(PNG_BYTES);
        String other = "data:image/png;base64," + Base64.getEncoder().encodeToString(new byte[] {1, 2});
        String q = "{'messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'%s'}},"
                + "{'type':'text','text':'Hi'}]}]}";
        assertEquals(parse(q.formatted(PNG)).picture().digest(), parse(q.formatted(again)).picture().digest());
        assertFalse(parse(q.formatted(PNG)).picture().digest().equals(parse(q.formatted(other)).picture().digest()));
    }

    @Test
    void malformedJsonSaysWhere() {
        String why = refused("{'messages': [");
        assertTrue(why.startsWith("the request body is not valid JSON"), why);
        assertTrue(why.contains("line 1"), why);
        assertTrue(refused("").contains("empty"));
        assertTrue(refused("[1,2]").contains("JSON object"));
        assertTrue(refused("{'messages':[]} trailing").contains("not valid JSON"));
    }

    @Test
    void knownFieldsOfTheWrongTypeAreRefusedByName() {
        String ok = "'messages':[{'role':'user','content':'Hi'}]";
        assertEquals("'messages' must be an array of messages", refused("{'messages':'Hi'}"));
        assertEquals("'stream' must be true or false", refused("{" + ok + ",'stream':'yes'}"));
        assertEquals("'max_tokens' must be a whole number of at least 1", refused("{" + ok + ",'max_tokens':'10'}"));
        assertEquals("'max_tokens' must be a whole number of at least 1", refused("{" + ok + ",'max_tokens':0}"));
        assertEquals("'max_tokens' must be a whole number of at least 1", refused("{" + ok + ",'max_tokens':2.5}"));
        assertEquals("'temperature' must be a number from 0 to 2", refused("{" + ok + ",'temperature':'hot'}"));
        assertEquals("'temperature' must be a number from 0 to 2", refused("{" + ok + ",'temperature':3}"));
        assertEquals("'top_p' must be a number above 0 to 1", refused("{" + ok + ",'top_p':0}"));
        assertEquals("'model' must be a string", refused("{" + ok + ",'model':7}"));
        assertEquals("'stream_options' must be an object", refused("{" + ok + ",'stream_options':true}"));
        assertTrue(refused("{" + ok + ",'n':2}").contains("'n' must be 1"));
        assertTrue(refused("{'messages':[{'role':'user','content':42}]}").contains("messages[0].content must be"));
        assertTrue(refused("{'messages':[{'content':'Hi'}]}").contains("messages[0].role must be a string"));
    }

    @Test
    void nullMeansNotGiven() {
        ChatRequest r = parse("{'messages':[{'role':'user','content':'Hi'}],'stream':null,'max_tokens':null,"
                + "'temperature':null,'model':null,'stream_options':null}");
        assertFalse(r.stream());
        assertNull(r.maxTokens());
    }

    @Test
    void aRequestWithoutAUserMessageOrWithAnEmptyQuestionIsRefused() {
        assertTrue(refused("{'messages':[]}").contains("at least one message with role 'user'"));
        assertTrue(refused("{'messages':[{'role':'system','content':'Be brief.'}]}").startsWith("no user message"));
        assertTrue(refused("{'messages':[{'role':'user','content':'Hi'},{'role':'assistant','content':'Hello'}]}")
                .startsWith("the last message must be the user's question"));
        assertTrue(refused("{'messages':[{'role':'user','content':'   '}]}").startsWith("the question is empty"));
        assertTrue(refused("{'messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'" + PNG
                + "'}}]}]}").startsWith("the question is empty"), "a picture alone is no question");
    }

    @Test
    void userAndAssistantMustAlternate() {
        String why = refused("{'messages':[{'role':'user','content':'A'},{'role':'user','content':'B'}]}");
        assertTrue(why.startsWith("messages[1] should be a 'assistant' message"), why);
        assertTrue(refused("{'messages':[{'role':'assistant','content':'Hi'},{'role':'user','content':'B'}]}")
                .startsWith("messages[0] should be a 'user' message"));
    }

    @Test
    void onlyDataUrisAreTaken() {
        String why = refused("{'messages':[{'role':'user','content':[{'type':'text','text':'Hi'},"
                + "{'type':'image_url','image_url':{'url':'https://example.com/a.png'}}]}]}");
        assertEquals("messages[0].content[1].image_url.url: only data: URIs are taken (Benchmate works offline and "
                + "fetches nothing), not 'https:'", why);
        assertTrue(refused("{'messages':[{'role':'user','content':[{'type':'text','text':'Hi'},"
                + "{'type':'image_url','image_url':{'url':'data:image/png,abc'}}]}]}").contains("only base64"));
        assertTrue(refused("{'messages':[{'role':'user','content':[{'type':'text','text':'Hi'},"
                + "{'type':'image_url','image_url':{'url':'data:image/png;base64,%%%'}}]}]}")
                .contains("not valid base64"));
    }

    @Test
    void otherRolesPartsAndSecondPicturesAreRefused() {
        assertTrue(refused("{'messages':[{'role':'tool','content':'42'}]}").contains("Benchmate has no tools"));
        assertTrue(refused("{'messages':[{'role':'robot','content':'42'}]}").contains("not one of"));
        assertTrue(refused("{'messages':[{'role':'user','content':[{'type':'input_audio','input_audio':{}}]}]}")
                .contains("'input_audio' is not taken"));
        assertTrue(refused("{'messages':[{'role':'user','content':[{'type':'text','text':'Hi'},"
                + "{'type':'image_url','image_url':{'url':'" + PNG + "'}},"
                + "{'type':'image_url','image_url':{'url':'" + PNG + "'}}]}]}").contains("one picture per message"));
    }
}
