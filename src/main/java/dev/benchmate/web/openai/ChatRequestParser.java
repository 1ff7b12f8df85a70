package dev.benchmate.web.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchmate.thinking.Exchange;
import dev.benchmate.web.BadRequest;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reads a chat-completions request body into a {@link ChatRequest}, or refuses it with one line
 * that says what is wrong ({@link BadRequest}, a 400 in OpenAI's error shape on /v1).
 *
 * <p>Taken: {@code messages} (roles system/developer — left out —, user, assistant; content as a
 * string or an array of {@code text} and {@code image_url} parts with data: URIs), {@code model}
 * (any), {@code stream}, {@code stream_options.include_usage}, {@code max_tokens},
 * {@code max_completion_tokens}, {@code temperature}, {@code top_p}, {@code n} (1 only). Each of
 * these must have its documented type. Other fields are ignored whatever they hold.
 */
public final class ChatRequestParser {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ChatRequestParser() {
    }

    /** One user or assistant message, after parsing. */
    private record Message(String where, String role, String text, ChatRequest.DataPicture picture) {
    }

    public static ChatRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new BadRequest("the request body is empty: send a JSON object with 'messages'");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new BadRequest("the request body is not valid JSON: " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw new BadRequest("the request body cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRequest("the request body must be a JSON object with 'messages'");
        }

        String model = optionalString(root, "model");
        boolean stream = optionalBoolean(root, "stream", "'stream'");
        boolean includeUsage = false;
        JsonNode options = root.get("stream_options");
        if (present(options)) {
            if (!options.isObject()) {
                throw new BadRequest("'stream_options' must be an object");
            }
            includeUsage = optionalBoolean(options, "include_usage", "'stream_options.include_usage'");
        }
        Integer maxTokens = optionalCount(root, "max_tokens");
        Integer maxCompletionTokens = optionalCount(root, "max_completion_tokens");
        Float temperature = optionalNumber(root, "temperature", 0, 2, true);
        Float topP = optionalNumber(root, "top_p", 0, 1, false);
        Integer n = optionalCount(root, "n");
        if (n != null && n != 1) {
            throw new BadRequest("'n' must be 1: Benchmate gives one answer per request");
        }

        JsonNode messages = root.get("messages");
        if (!present(messages) || !messages.isArray()) {
            throw new BadRequest("'messages' must be an array of messages");
        }
        if (messages.isEmpty()) {
            throw new BadRequest("'messages' is empty: the request needs at least one message with role 'user'");
        }
        List<Message> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message m = message(messages.get(i), "messages[" + i + "]");
            if (m != null) {
                turns.add(m);
            }
        }
        return assemble(turns, stream, includeUsage, maxCompletionTokens != null ? maxCompletionTokens : maxTokens,
                temperature, topP, model);
    }

    /** The user/assistant sequence: pairs, then the question. */
    private static ChatRequest assemble(List<Message> turns, boolean stream, boolean includeUsage, Integer maxTokens,
                                        Float temperature, Float topP, String model) {
        if (turns.stream().noneMatch(m -> m.role().equals("user"))) {
            throw new BadRequest("no user message: the request needs at least one message with role 'user'");
        }
        Message last = turns.get(turns.size() - 1);
        if (!last.role().equals("user")) {
            throw new BadRequest("the last message must be the user's question (role 'user'), not '" + last.role()
                    + "' (" + last.where() + ")");
        }
        for (int i = 0; i < turns.size(); i++) {
            String expected = i % 2 == 0 ? "user" : "assistant";
            if (!turns.get(i).role().equals(expected)) {
                throw new BadRequest(turns.get(i).where() + " should be a '" + expected + "' message: after any "
                        + "system messages, user and assistant messages must alternate, starting and ending with user");
            }
        }
        if (last.text().isBlank()) {
            throw new BadRequest("the question is empty: the last user message (" + last.where() + ") has no text");
        }
        List<Exchange> history = new ArrayList<>();
        ChatRequest.DataPicture historyPicture = null;
        for (int i = 0; i + 1 < turns.size(); i += 2) {
            Message user = turns.get(i);
            if (user.picture() != null) {
                historyPicture = user.picture(); // the latest one wins; older ones are known by digest only
            }
            history.add(new Exchange(user.text(), user.picture() == null ? null : user.picture().digest(),
                    turns.get(i + 1).text()));
        }
        if (last.picture() != null) {
            historyPicture = null; // a restart uses the question's own picture
        }
        return new ChatRequest(history, last.text().strip(), last.picture(), historyPicture, stream, includeUsage,
                maxTokens, temperature, topP, model);
    }

    /** A user or assistant message; null for a system (or developer) message, which is left out. */
    private static Message message(JsonNode m, String where) {
        if (m == null || !m.isObject()) {
            throw new BadRequest(where + " must be an object with 'role' and 'content'");
        }
        JsonNode roleNode = m.get("role");
        if (!present(roleNode) || !roleNode.isTextual()) {
            throw new BadRequest(where + ".role must be a string (system, user or assistant)");
        }
        String role = roleNode.asText().toLowerCase(Locale.ROOT);
        JsonNode content = m.get("content");
        switch (role) {
            case "system", "developer" -> {
                content(content, where, false); // checked, then left out
                return null;
            }
            case "user" -> {
                Content c = content(content, where, true);
                return new Message(where, role, c.text(), c.picture());
            }
            case "assistant" -> {
                if (!present(content) && present(m.get("tool_calls"))) {
                    throw new BadRequest(where + " is a tool call: Benchmate has no tools");
                }
                return new Message(where, role, content(content, where, false).text(), null);
            }
            case "tool", "function" -> throw new BadRequest(where + ".role '" + role
                    + "' is not taken: Benchmate has no tools");
            default -> throw new BadRequest(where + ".role '" + roleNode.asText()
                    + "' is not one of system, user, assistant");
        }
    }

    private record Content(String text, ChatRequest.DataPicture picture) {
    }

    private static Content content(JsonNode content, String where, boolean picturesAllowed) {
        if (!present(content)) {
            return new Content("", null);
        }
        if (content.isTextual()) {
            return new Content(content.asText(), null);
        }
        if (!content.isArray()) {
            throw new BadRequest(where + ".content must be a string or an array of content parts");
        }
        StringBuilder text = new StringBuilder();
        ChatRequest.DataPicture picture = null;
        for (int j = 0; j < content.size(); j++) {
            String partWhere = where + ".content[" + j + "]";
            JsonNode part = content.get(j);
            if (part == null || !part.isObject()) {
                throw new BadRequest(partWhere + " must be an object with a 'type'");
            }
            JsonNode type = part.get("type");
            if (!present(type) || !type.isTextual()) {
                throw new BadRequest(partWhere + ".type must be a string ('text' or 'image_url')");
            }
            switch (type.asText()) {
                case "text" -> {
                    JsonNode t = part.get("text");
                    if (!present(t) || !t.isTextual()) {
                        throw new BadRequest(partWhere + ".text must be a string");
                    }
                    if (!text.isEmpty()) {
                        text.append('\n');
                    }
                    text.append(t.asText());
                }
                case "image_url" -> {
                    if (!picturesAllowed) {
                        throw new BadRequest(partWhere + ": only user messages may carry pictures");
                    }
                    if (picture != null) {
                        throw new BadRequest(partWhere + ": one picture per message is taken (Benchmate's "
                                + "conversation is about one picture at a time)");
                    }
                    picture = picture(part.get("image_url"), partWhere + ".image_url");
                }
                default -> throw new BadRequest(partWhere + ".type '" + type.asText()
                        + "' is not taken (only 'text' and 'image_url')");
            }
        }
        return new Content(text.toString(), picture);
    }

    private static ChatRequest.DataPicture picture(JsonNode imageUrl, String where) {
        JsonNode url = imageUrl != null && imageUrl.isObject() ? imageUrl.get("url") : imageUrl;
        if (!present(url) || !url.isTextual()) {
            throw new BadRequest(where + ".url must be a string (a data: URI)");
        }
        String u = url.asText();
        if (!u.regionMatches(true, 0, "data:", 0, 5)) {
            String scheme = u.contains(":") ? u.substring(0, u.indexOf(':')) : u;
            throw new BadRequest(where + ".url: only data: URIs are taken (Benchmate works offline and fetches "
                    + "nothing), not '" + (scheme.length() > 20 ? scheme.substring(0, 20) + "…" : scheme) + ":'");
        }
        int comma = u.indexOf(',');
        if (comma < 0) {
            throw new BadRequest(where + ".url is not a data: URI (no ',' before the data)");
        }
        String header = u.substring(5, comma).toLowerCase(Locale.ROOT);
        if (!header.endsWith(";base64")) {
            throw new BadRequest(where + ".url: only base64 data: URIs are taken (data:image/png;base64,...)");
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(u.substring(comma + 1).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(where + ".url: the data is not valid base64 (" + e.getMessage() + ")");
        }
        if (data.length == 0) {
            throw new BadRequest(where + ".url: the picture is empty");
        }
        return new ChatRequest.DataPicture(data, sha256(data), "the picture of " + where.replace(".image_url", ""));
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this Java", e);
        }
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    private static String optionalString(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (!present(n)) {
            return null;
        }
        if (!n.isTextual()) {
            throw new BadRequest("'" + field + "' must be a string");
        }
        return n.asText();
    }

    private static boolean optionalBoolean(JsonNode root, String field, String name) {
        JsonNode n = root.get(field);
        if (!present(n)) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new BadRequest(name + " must be true or false");
        }
        return n.asBoolean();
    }

    private static Integer optionalCount(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (!present(n)) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
            throw new BadRequest("'" + field + "' must be a whole number of at least 1");
        }
        return n.asInt();
    }

    private static Float optionalNumber(JsonNode root, String field, double min, double max, boolean minIncluded) {
        JsonNode n = root.get(field);
        if (!present(n)) {
            return null;
        }
        double v = n.isNumber() ? n.asDouble() : Double.NaN;
        if (!n.isNumber() || !(minIncluded ? v >= min : v > min) || !(v <= max)) {
            throw new BadRequest("'" + field + "' must be a number " + (minIncluded ? "from " : "above ")
                    + fmt(min) + " to " + fmt(max));
        }
        return (float) v;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
