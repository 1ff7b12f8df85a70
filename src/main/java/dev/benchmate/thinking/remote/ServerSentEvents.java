package dev.benchmate.thinking.remote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a stream of server-sent events as the OpenAI reference client does: events are separated
 * by a blank line ({@code \n}, {@code \r\n} or {@code \r} line ends), lines starting with {@code :}
 * are comments (keep-alive pings) and are only counted, one leading space after {@code field:} is
 * stripped, several {@code data:} lines of one event are joined with {@code \n}. Besides the
 * standard fields it keeps an {@code error:} field line, which older llama.cpp builds sent instead
 * of a {@code data:} payload with an error in it.
 *
 * <p>Not thread-safe: one reader, on the thread that consumes the stream.
 */
public final class ServerSentEvents {
    private final BufferedReader in;
    private final Runnable onLine;

    /**
     * One event: its {@code event:} type (null when none was given), its data (the {@code data:}
     * lines joined, null when it had none) and an {@code error:} field's value (null when none).
     */
    public record Event(String type, String data, String error) {
    }

    /**
     * @param onLine called for every line read, comments included (a sign of life from the engine)
     */
    public ServerSentEvents(InputStream in, Runnable onLine) {
        this(new InputStreamReader(in, StandardCharsets.UTF_8), onLine);
    }

    public ServerSentEvents(Reader in, Runnable onLine) {
        this.in = new BufferedReader(in);
        this.onLine = onLine;
    }

    /**
     * The next event, or null at the end of the stream (an unfinished last event is dropped, except
     * {@code data: [DONE]}: the end itself).
     */
    public Event next() throws IOException {
        String type = null;
        StringBuilder data = null;
        String error = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            onLine.run();
            if (line.isEmpty()) {
                if (data != null || type != null || error != null) {
                    return new Event(type, data == null ? null : data.toString(), error);
                }
                continue; // blank lines between events
            }
            if (line.startsWith(":")) {
                continue; // a comment: a keep-alive ping
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                case "event" -> type = value;
                case "error" -> error = value;
                default -> {
                    // id:, retry: and unknown fields mean nothing to a chat stream
                }
            }
        }
        if (data != null && data.toString().strip().equals("[DONE]")) {
            return new Event(type, "[DONE]", error); // the end marker, its blank line cut off by the end of the stream
        }
        return null;
    }
}
