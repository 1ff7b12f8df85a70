package dev.benchmate.web.openai;

import dev.benchmate.core.AnswerSink;
import dev.benchmate.core.Turn;
import dev.benchmate.core.TurnResult;
import dev.benchmate.web.ErrorMappers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * One streamed chat completion: the turn's answer arrives here piece by piece (a bounded queue; the
 * assistant delivers off the model's thread) and goes out as server-sent {@code data:} events in
 * OpenAI's chunk format, ending with {@code data: [DONE]}.
 *
 * <p>The HTTP status is decided only once the answer has begun or the turn has ended
 * ({@link #awaitStart}): a question that waited too long for the NPU (429), is too long for the
 * context (400), or failed before its first word gets its own status, not a 200 with an error inside.
 */
public final class ChatStream implements AnswerSink {
    /** Pieces held for a slow client: an answer has at most max-new-tokens pieces (a few hundred). */
    static final int BUFFER = 4096;

    private final BlockingQueue<String> pieces = new ArrayBlockingQueue<>(BUFFER);
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private volatile boolean overflowed;

    @Override
    public void text(String piece) {
        if (!pieces.offer(piece)) {
            overflowed = true;
        }
        started.complete(null);
    }

    /**
     * Waits until the answer's first piece or the turn's end. A turn that ended in failure before
     * any piece throws its failure (BusyException, TurnFailedException, …) for the error mappers.
     */
    public void awaitStart(Turn turn) {
        try {
            CompletableFuture.anyOf(started, turn.result()).join();
        } catch (CompletionException e) {
            // the turn failed; unless a piece came first, that is the response
        }
        if (!started.isDone() && turn.result().isCompletedExceptionally()) {
            try {
                turn.result().join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    /**
     * Writes the stream: the role, each piece, the finish reason, the usage when asked for, and
     * [DONE]. A failure after the answer began is sent as an error event, without [DONE]. A client
     * that goes away ends the writing; the turn itself runs to its end (and stays in the conversation).
     */
    public void write(OutputStream out, Turn turn, OpenAiChat chat) throws IOException {
        send(out, chat.roleChunk());
        while (true) {
            boolean done = turn.result().isDone(); // every piece is here before the result completes
            String piece;
            try {
                piece = done ? pieces.poll() : pieces.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (piece != null) {
                send(out, chat.contentChunk(piece));
            } else if (done) {
                break;
            }
        }
        TurnResult r;
        try {
            r = turn.result().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            int status = ErrorMappers.status(cause);
            send(out, OpenAiChat.errorEvent(cause.getMessage(), status == 400 ? "invalid_request_error"
                    : status == 429 ? "rate_limit_exceeded" : "server_error"));
            return;
        }
        if (overflowed) {
            send(out, OpenAiChat.errorEvent("the client fell " + BUFFER + " pieces behind; the answer is incomplete",
                    "server_error"));
            return;
        }
        send(out, chat.finishChunk(r));
        if (chat.request().includeUsage()) {
            send(out, chat.usageChunk(r));
        }
        sendRaw(out, "[DONE]");
    }

    private static void send(OutputStream out, String json) throws IOException {
        sendRaw(out, json);
    }

    private static void sendRaw(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
