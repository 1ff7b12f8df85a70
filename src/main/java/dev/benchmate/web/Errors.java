package dev.benchmate.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two error shapes: Benchmate's API answers {@code {"error": "one line"}}, the OpenAI-compatible
 * endpoint {@code {"error": {"message", "type", "param", "code"}}}, as OpenAI's clients expect.
 */
public final class Errors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Errors() {
    }

    public static String json(String message) {
        return write(Map.of("error", oneLine(message)));
    }

    public static String openAiJson(String message, String type, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", oneLine(message));
        error.put("type", type);
        error.put("param", null);
        error.put("code", code);
        return write(Map.of("error", error));
    }

    /** A message on one line (a client shows it as it is). */
    public static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** Any value as JSON. */
    public static String toJson(Object o) {
        return write(o);
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
