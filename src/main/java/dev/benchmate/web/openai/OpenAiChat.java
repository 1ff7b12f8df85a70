package dev.benchmate.web.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchmate.core.FrontDoor;
import dev.benchmate.core.Question;
import dev.benchmate.core.TurnResult;
import dev.benchmate.media.Picture;
import dev.benchmate.thinking.RunOptions;
import java.util.UUID;

/**
 * The OpenAI-compatible chat completion, apart from HTTP: a parsed request becomes Benchmate's
 * {@link Question} (never spoken, from {@link FrontDoor#OPENAI}, carrying the history it expects
 * and its own limit and sampling), and a turn's result becomes OpenAI's JSON: a
 * {@code chat.completion}, or the {@code chat.completion.chunk}s of a stream.
 */
public final class OpenAiChat {
    /** The one model /v1/models lists; any model name in a request is taken. */
    public static final String MODEL = "benchmate";
    static final ObjectMapper JSON = new ObjectMapper();

    private final String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    private final long created = System.currentTimeMillis() / 1000;
    private final ChatRequest request;

    public OpenAiChat(ChatRequest request) {
        this.request = request;
    }

    public ChatRequest request() {
        return request;
    }

    /**
     * The question for the assistant. Decodes at most one picture (with the given decoder: bounded, above the pixel limit refused, large ones reduced): the question's own, or else the latest one of the
     * earlier messages, which the conversation needs only if it has to start again.
     *
     * @throws dev.benchmate.media.PictureUnreadableException when that picture cannot be read
     */
    public Question question(java.util.function.BiFunction<byte[], String, Picture> decode) {
        Question.PictureChoice choice = Question.PictureChoice.NONE;
        Picture historyPicture = null;
        if (request.picture() != null) {
            ChatRequest.DataPicture p = request.picture();
            choice = new Question.PictureChoice.Given(decode.apply(p.data(), p.where()), p.digest());
        } else if (request.historyPicture() != null) {
            ChatRequest.DataPicture p = request.historyPicture();
            historyPicture = decode.apply(p.data(), p.where());
        }
        return Question.text(FrontDoor.OPENAI, request.question(), choice, false)
                .expecting(new Question.History(request.history(), historyPicture))
                .with(new RunOptions(request.maxTokens(), request.temperature(), request.topP()));
    }

    public static String finishReason(TurnResult r) {
        return r.limitReached() ? "length" : "stop";
    }

    /** The whole answer: {@code chat.completion}. */
    public String completion(TurnResult r) {
        ObjectNode root = head("chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", r.answer());
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(r));
        usage(root.putObject("usage"), r);
        return write(root);
    }

    /** The first chunk of a stream: the role. */
    public String roleChunk() {
        ObjectNode root = chunk();
        ObjectNode delta = ((ObjectNode) root.get("choices").get(0)).putObject("delta");
        delta.put("role", "assistant");
        delta.put("content", "");
        return write(root);
    }

    /** A piece of the answer. */
    public String contentChunk(String piece) {
        ObjectNode root = chunk();
        ((ObjectNode) root.get("choices").get(0)).putObject("delta").put("content", piece);
        return write(root);
    }

    /** The last chunk with a choice: why the answer ended. */
    public String finishChunk(TurnResult r) {
        ObjectNode root = chunk();
        ObjectNode choice = (ObjectNode) root.get("choices").get(0);
        choice.putObject("delta");
        choice.put("finish_reason", finishReason(r));
        return write(root);
    }

    /** After the finish chunk, when stream_options.include_usage asked for it: no choices, the usage. */
    public String usageChunk(TurnResult r) {
        ObjectNode root = head("chat.completion.chunk");
        root.putArray("choices");
        usage(root.putObject("usage"), r);
        return write(root);
    }

    /** What a stream says when the turn fails after the answer began: OpenAI's error shape as an event. */
    public static String errorEvent(String message, String type) {
        return dev.benchmate.web.Errors.openAiJson(message, type, null);
    }

    private ObjectNode chunk() {
        ObjectNode root = head("chat.completion.chunk");
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        if (request.includeUsage()) {
            root.putNull("usage");
        }
        return root;
    }

    private ObjectNode head(String object) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", MODEL);
        return root;
    }

    private static void usage(ObjectNode usage, TurnResult r) {
        usage.put("prompt_tokens", r.promptTokens());
        usage.put("completion_tokens", r.answerTokens());
        usage.put("total_tokens", r.promptTokens() + r.answerTokens());
    }

    /** {@code GET /v1/models}: the one model. */
    public static String models(long createdSeconds) {
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        root.putArray("data").add(model(createdSeconds));
        return write(root);
    }

    public static ObjectNode model(long createdSeconds) {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", MODEL);
        m.put("object", "model");
        m.put("created", createdSeconds);
        m.put("owned_by", "benchmate");
        return m;
    }

    static String write(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
