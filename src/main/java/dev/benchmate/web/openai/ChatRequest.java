package dev.benchmate.web.openai;

import dev.benchmate.thinking.Exchange;
import java.util.List;

/**
 * A {@code POST /v1/chat/completions} request as Benchmate takes it: the earlier exchanges, the new
 * question, and what was asked of the answer. System messages are left out (see the README).
 *
 * @param history the earlier user/assistant pairs, oldest first (pictures by digest)
 * @param question the last user message's text
 * @param picture the last user message's picture, or null
 * @param historyPicture the latest picture among the earlier messages (for a restart), or null
 * @param stream whether the answer is streamed as chat.completion.chunk events
 * @param includeUsage stream_options.include_usage: a last chunk with the usage
 * @param maxTokens max_completion_tokens, else max_tokens; null: the configured limit
 * @param temperature null: the configured one
 * @param topP null: the configured one
 * @param model what the client named (any value is taken)
 */
public record ChatRequest(List<Exchange> history, String question, DataPicture picture, DataPicture historyPicture,
                          boolean stream, boolean includeUsage, Integer maxTokens, Float temperature, Float topP,
                          String model) {
    public ChatRequest {
        history = List.copyOf(history);
    }

    /**
     * A picture sent as a data: URI, decoded from base64 but not yet as an image.
     *
     * @param data the file's bytes (PNG, JPEG, …)
     * @param digest SHA-256 of those bytes, hex: what the conversation's history knows it by
     * @param where which message it came in, for error messages
     */
    public record DataPicture(byte[] data, String digest, String where) {
    }
}
