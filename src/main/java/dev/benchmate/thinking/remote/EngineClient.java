package dev.benchmate.thinking.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchmate.media.TokenListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Talks to an OpenAI-compatible engine (vLLM, llama.cpp's llama-server, Ollama) with
 * java.net.http: lists its models and streams one chat completion at a time. HTTP/1.1, the
 * certificates checked as java.net.http does by default, the key sent as a Bearer token and never
 * written anywhere else.
 *
 * <p>Each stream is watched: the first token must come within its bound (a reasoning model's
 * thinking, which is not passed on, counts as a sign of life like the gaps between tokens), and the
 * stream may not go without a data event between tokens beyond its bound (keep-alive comments do not
 * count: an engine that pings but no longer generates is stalled); past
 * either, the connection is dropped and the call fails with {@link EngineException}. {@link Call#cancel} drops
 * it from any thread at once (the engines stop generating when the client goes away). /models is
 * watched the same way: its whole exchange within the first-token bound.
 *
 * <p>The HTTP client runs on a bounded pool of daemon threads, shut down by {@link #close()}. Before
 * each request a plain-http host name is resolved again and refused when it now names a public
 * address (see {@link RemoteSettings#checkUrl}). The key is masked as {@code [key]} in every
 * {@link EngineException} message.
 */
public final class EngineClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An error body is read up to this many bytes. */
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final long WATCH_MS = 25;
    /** Threads of the HTTP client: one turn streams at a time, with a background /models check beside it. */
    private static final int HTTP_THREADS = 4;
    private static final int HTTP_QUEUE = 256;

    private final RemoteSettings settings;
    private final HttpClient http;
    /** Watches the open streams' deadlines; one daemon thread. */
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "benchmate-remote-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** Looks a host name up (a test gives its own). */
    interface Resolver {
        java.net.InetAddress[] resolve(String host) throws java.net.UnknownHostException;
    }

    private final Resolver resolver;
    /**
     * The HTTP client's own threads: bounded (java.net.http would otherwise make an unbounded cached
     * pool that is never shut down), a bounded queue, the caller running a task when both are full.
     */
    private final java.util.concurrent.ThreadPoolExecutor httpThreads;

    public EngineClient(RemoteSettings settings) {
        this(settings, java.net.InetAddress::getAllByName);
    }

    EngineClient(RemoteSettings settings, Resolver resolver) {
        this.settings = settings;
        this.resolver = resolver;
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        this.httpThreads = new java.util.concurrent.ThreadPoolExecutor(HTTP_THREADS, HTTP_THREADS, 30,
                TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(HTTP_QUEUE), r -> {
                    Thread t = new Thread(r, "benchmate-remote-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());
        httpThreads.allowCoreThreadTimeOut(true);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout()).executor(httpThreads).build();
    }

    public RemoteSettings settings() {
        return settings;
    }

    /** What a stream ended with: the text, the usage counts (-1 when the engine sent none), why it stopped. */
    public record Outcome(String text, int promptTokens, int completionTokens, String finishReason, boolean aborted,
                          long firstTokenNanos, long endNanos) {
    }

    /** One streamed answer under way; {@link #cancel} drops it from any thread. */
    public static final class Call {
        private volatile boolean cancelled;
        private volatile String timedOut;
        private volatile EngineException.Kind timeoutKind;
        private volatile CompletableFuture<HttpResponse<InputStream>> response;
        private volatile InputStream body;
        /** When the watchdog drops the call unless the engine says something (System.nanoTime()). */
        private volatile long deadline;
        /** Whether the first token came. */
        private volatile boolean started;

        /** Drops the connection: the stream ends at once, as aborted. */
        public void cancel() {
            cancelled = true;
            drop();
        }

        public boolean cancelled() {
            return cancelled;
        }

        private void timeOut(EngineException.Kind kind, String why) {
            if (timedOut == null) {
                timeoutKind = kind;
                timedOut = why;
            }
            drop();
        }

        private void drop() {
            CompletableFuture<HttpResponse<InputStream>> r = response;
            if (r != null) {
                r.cancel(true);
            }
            InputStream b = body;
            if (b != null) {
                try {
                    b.close();
                } catch (IOException ignored) {
                    // dropping it is all that is wanted
                }
            }
        }
    }

    /** The ids of the models the engine lists at /models, in its order (see {@link #models(Call)}). */
    public java.util.List<String> models() {
        return models(new Call());
    }

    /**
     * The ids of the models the engine lists at /models, in its order. The whole exchange, headers
     * and body, must end within the first-token bound; past it the connection is dropped.
     *
     * @param call set up by the caller, so that another thread can cancel it
     * @throws EngineException when the engine cannot be reached, is too slow, answers with an error,
     *                         or the call was cancelled ({@link Call#cancelled()} then says so)
     */
    public java.util.List<String> models(Call call) {
        try {
            return listModels(call);
        } catch (EngineException e) {
            throw masked(e);
        }
    }

    private java.util.List<String> listModels(Call call) {
        checkHost();
        HttpRequest req = request("/models").timeout(settings.firstTokenTimeout()).GET().build();
        call.deadline = System.nanoTime() + settings.firstTokenTimeout().toNanos();
        String bound = "/models did not answer within " + millis(settings.firstTokenTimeout()) + " ms";
        ScheduledFuture<?> watch = watchdog.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - call.deadline > 0) {
                call.timeOut(EngineException.Kind.SLOW_FIRST_TOKEN, bound);
            }
        }, WATCH_MS, WATCH_MS, TimeUnit.MILLISECONDS);
        try {
            if (call.cancelled()) {
                throw modelsEnded(call, null);
            }
            call.response = http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream());
            if (call.cancelled() || call.timedOut != null) {
                call.drop();
            }
            HttpResponse<InputStream> r;
            try {
                r = call.response.get();
            } catch (CancellationException e) {
                throw modelsEnded(call, e);
            } catch (ExecutionException e) {
                if (call.cancelled() || call.timedOut != null) {
                    throw modelsEnded(call, e.getCause());
                }
                throw failure(e.getCause(), false);
            }
            call.body = r.body();
            if (call.cancelled() || call.timedOut != null) {
                call.drop();
            }
            try (InputStream in = r.body()) {
                byte[] bytes = in.readNBytes(4 * 1024 * 1024);
                if (call.cancelled() || call.timedOut != null) {
                    throw modelsEnded(call, null);
                }
                if (r.statusCode() >= 300) {
                    throw statusError(r.statusCode(), bytes, "/models");
                }
                JsonNode data = JSON.readTree(bytes).path("data");
                java.util.List<String> ids = new java.util.ArrayList<>();
                for (JsonNode m : data) {
                    if (m.hasNonNull("id")) {
                        ids.add(m.get("id").asText());
                    }
                }
                return ids;
            } catch (IOException e) {
                if (call.cancelled() || call.timedOut != null) {
                    throw modelsEnded(call, e);
                }
                throw new EngineException(EngineException.Kind.BROKEN_STREAM, r.statusCode(), false,
                        settings.url() + "/models could not be read: " + describe(e), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel();
            throw new EngineException(EngineException.Kind.UNREACHABLE, 0, false, "interrupted while asking "
                    + settings.url() + "/models", e);
        } finally {
            watch.cancel(false);
            call.drop();
        }
    }

    /** Asking /models ended by a cancel or its deadline. */
    private EngineException modelsEnded(Call call, Throwable cause) {
        if (call.timedOut != null && !call.cancelled()) {
            return new EngineException(call.timeoutKind, 0, false, settings.url() + call.timedOut, cause);
        }
        return new EngineException(EngineException.Kind.UNREACHABLE, 0, false, "asking " + settings.url()
                + "/models was stopped", cause);
    }

    /**
     * Streams one chat completion: POST {url}/chat/completions with {@code body} (stream is set
     * here), each piece of the answer to {@code listener} as it comes, on this thread.
     *
     * @param call set up by the caller, so that another thread can cancel it
     * @return the answer; aborted when {@link Call#cancel} ended it
     * @throws EngineException when the engine cannot be reached, is too slow, answers with an error
     *                         or the stream breaks off
     */
    public Outcome stream(ObjectNode body, TokenListener listener, Call call) {
        try {
            return streamAnswer(body, listener, call);
        } catch (EngineException e) {
            throw masked(e);
        }
    }

    /**
     * The failure with the key masked in its message: the engine's own error text (which some engines
     * fill with what they were sent) goes to the log, readiness and events.
     */
    private EngineException masked(EngineException e) {
        String key = settings.apiKey().orElse(null);
        String message = e.getMessage();
        if (key == null || message == null || !message.contains(key)) {
            return e;
        }
        EngineException m = new EngineException(e.kind(), e.status(), e.answerStarted(),
                message.replace(key, "[key]"), e.getCause());
        m.setStackTrace(e.getStackTrace());
        return m;
    }

    private Outcome streamAnswer(ObjectNode body, TokenListener listener, Call call) {
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        checkHost();
        HttpRequest req = request("/chat/completions").timeout(settings.firstTokenTimeout())
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
        long start = System.nanoTime();
        call.deadline = start + settings.firstTokenTimeout().toNanos();
        String firstBound = "no first token within " + millis(settings.firstTokenTimeout()) + " ms";
        ScheduledFuture<?> watch = watchdog.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - call.deadline > 0) {
                if (call.started) {
                    call.timeOut(EngineException.Kind.STALLED, "the stream was silent for more than "
                            + millis(settings.betweenTokensTimeout()) + " ms");
                } else {
                    call.timeOut(EngineException.Kind.SLOW_FIRST_TOKEN, firstBound);
                }
            }
        }, WATCH_MS, WATCH_MS, TimeUnit.MILLISECONDS);
        try {
            if (call.cancelled()) {
                return new Outcome("", -1, -1, null, true, -1, System.nanoTime());
            }
            call.response = http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream());
            if (call.cancelled()) {
                call.drop();
            }
            HttpResponse<InputStream> r;
            try {
                r = call.response.get();
            } catch (CancellationException e) {
                return ended(call, call.started, "", null);
            } catch (ExecutionException e) {
                if (call.cancelled() || call.timedOut != null) {
                    return ended(call, call.started, "", null);
                }
                throw failure(e.getCause(), false);
            }
            call.body = r.body();
            if (call.cancelled() || call.timedOut != null) {
                call.drop();
            }
            if (r.statusCode() >= 300) {
                byte[] bytes;
                try (InputStream in = r.body()) {
                    bytes = in.readNBytes(MAX_ERROR_BODY);
                } catch (IOException e) {
                    bytes = new byte[0];
                }
                throw statusError(r.statusCode(), bytes, "/chat/completions");
            }
            return read(r.body(), listener, call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel();
            return new Outcome("", -1, -1, null, true, -1, System.nanoTime());
        } finally {
            watch.cancel(false);
            call.drop();
        }
    }

    private Outcome read(InputStream in, TokenListener listener, Call call) {
        StringBuilder text = new StringBuilder();
        int prompt = -1;
        int completion = -1;
        String finish = null;
        long firstToken = -1;
        // Only data resets the deadline: keep-alive comments from an engine that has stopped generating
        // would otherwise keep a stalled answer open for ever.
        ServerSentEvents events = new ServerSentEvents(in, () -> { });
        try {
            for (ServerSentEvents.Event e = events.next(); e != null; e = events.next()) {
                if (e.error() != null) {
                    throw streamError(message(e.error(), e.error()), call.started);
                }
                if (e.data() == null) {
                    continue;
                }
                if (call.started) {
                    call.deadline = System.nanoTime() + settings.betweenTokensTimeout().toNanos();
                }
                if ("error".equals(e.type())) { // an error event, whether its data is JSON or not
                    throw streamError(message(e.data(), e.data()), call.started);
                }
                if (e.data().startsWith("[DONE]")) {
                    return new Outcome(text.toString(), prompt, completion, finish, false, firstToken,
                            System.nanoTime());
                }
                JsonNode chunk;
                try {
                    chunk = JSON.readTree(e.data());
                } catch (IOException bad) {
                    throw new EngineException(EngineException.Kind.BROKEN_STREAM, 200, call.started,
                            "the engine sent a chunk that is not JSON: " + clip(e.data()), bad);
                }
                if (chunk.has("error") && truthy(chunk.get("error"))) {
                    throw streamError(message(chunk, e.data()), call.started);
                }
                JsonNode usage = chunk.get("usage");
                if (usage != null && usage.isObject()) {
                    prompt = usage.path("prompt_tokens").asInt(prompt);
                    completion = usage.path("completion_tokens").asInt(completion);
                }
                for (JsonNode choice : chunk.path("choices")) {
                    if (choice.path("index").asInt(0) != 0) {
                        continue;
                    }
                    JsonNode delta = choice.path("delta");
                    if (!call.started && (!delta.path("reasoning").asText("").isEmpty()
                            || !delta.path("reasoning_content").asText("").isEmpty())) {
                        // a reasoning model thinking before it answers (not spoken): alive, as between tokens
                        call.deadline = Math.max(call.deadline, System.nanoTime()
                                + settings.betweenTokensTimeout().toNanos());
                    }
                    String piece = delta.path("content").asText("");
                    if (!piece.isEmpty()) {
                        if (!call.started) {
                            firstToken = System.nanoTime();
                            call.deadline = firstToken + settings.betweenTokensTimeout().toNanos();
                            call.started = true;
                        } else {
                            call.deadline = System.nanoTime() + settings.betweenTokensTimeout().toNanos();
                        }
                        text.append(piece);
                        listener.onText(piece);
                    }
                    if (choice.hasNonNull("finish_reason")) {
                        finish = choice.get("finish_reason").asText();
                    }
                }
            }
        } catch (IOException e) {
            if (call.cancelled() || call.timedOut != null) {
                return ended(call, call.started, text.toString(), null);
            }
            throw new EngineException(EngineException.Kind.BROKEN_STREAM, 200, call.started,
                    "the stream from " + settings.url() + " broke off: " + describe(e), e);
        }
        if (call.cancelled() || call.timedOut != null) {
            return ended(call, call.started, text.toString(), null);
        }
        throw new EngineException(EngineException.Kind.BROKEN_STREAM, 200, call.started,
                "the stream from " + settings.url() + " ended without [DONE]"
                        + (text.length() > 0 ? " after " + text.length() + " characters" : ""), null);
    }

    /** A call that ended because it was cancelled (an abort) or timed out (an error). */
    private Outcome ended(Call call, boolean started, String text, Throwable cause) {
        if (call.timedOut != null && !call.cancelled()) {
            throw new EngineException(call.timeoutKind, 0, started, settings.url() + ": " + call.timedOut, cause);
        }
        return new Outcome(text, -1, -1, null, true, -1, System.nanoTime());
    }

    /**
     * Plain http to a host name: the name must still resolve to this machine or a private network
     * (it was taken at start, perhaps unresolved, and may resolve elsewhere now). A name that does not
     * resolve is left to the request, which then fails as unreachable.
     */
    private void checkHost() {
        URI u = settings.url();
        String host = u.getHost();
        if (!"http".equalsIgnoreCase(u.getScheme()) || settings.allowPublicHttp() || host == null
                || RemoteSettings.isIpLiteral(host)) {
            return;
        }
        java.net.InetAddress[] all;
        try {
            all = resolver.resolve(host);
        } catch (java.net.UnknownHostException e) {
            return;
        }
        if (!RemoteSettings.allPrivate(all)) {
            String publicOne = java.util.Arrays.stream(all).filter(a -> !RemoteSettings.privateAddress(a))
                    .map(java.net.InetAddress::getHostAddress).findFirst().orElse("?");
            throw new EngineException(EngineException.Kind.UNREACHABLE, 0, false, settings.url() + " is not asked: "
                    + host + " now resolves to " + publicOne + ", a public address, and plain http is refused there "
                    + "(use https://, or set benchmate.remote.allow-public-http=true)", null);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.url() + path));
        settings.apiKey().ifPresent(k -> b.header("Authorization", "Bearer " + k));
        return b;
    }

    private EngineException failure(Throwable e, boolean started) {
        if (e instanceof HttpConnectTimeoutException) {
            return new EngineException(EngineException.Kind.UNREACHABLE, 0, started, settings.url()
                    + " did not accept a connection within " + millis(settings.connectTimeout()) + " ms", e);
        }
        if (e instanceof HttpTimeoutException || e instanceof TimeoutException) {
            return new EngineException(EngineException.Kind.SLOW_FIRST_TOKEN, 0, started, settings.url()
                    + " did not answer within " + millis(settings.firstTokenTimeout()) + " ms", e);
        }
        if (e instanceof ConnectException || e instanceof java.nio.channels.UnresolvedAddressException
                || e instanceof java.net.UnknownHostException || e instanceof java.net.NoRouteToHostException
                || e != null && e.getCause() instanceof ConnectException) {
            return new EngineException(EngineException.Kind.UNREACHABLE, 0, started, settings.url()
                    + " cannot be reached: " + describe(e), e);
        }
        return new EngineException(EngineException.Kind.UNREACHABLE, 0, started, settings.url()
                + " could not be asked: " + describe(e), e);
    }

    private EngineException statusError(int status, byte[] body, String path) {
        String text = new String(body, StandardCharsets.UTF_8);
        String message;
        try {
            message = message(JSON.readTree(body), text);
        } catch (IOException e) {
            message = clip(text);
        }
        return new EngineException(EngineException.Kind.ERROR_STATUS, status, false, settings.url() + path
                + " answered " + status + (message.isBlank() ? "" : ": " + message), null);
    }

    private EngineException streamError(String message, boolean started) {
        return new EngineException(EngineException.Kind.BROKEN_STREAM, 200, started, settings.url()
                + " reported an error in the stream: " + message, null);
    }

    /** The message of an error body: error.message, a bare string error, or a flat message. */
    private static String message(JsonNode node, String raw) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return clip(raw);
        }
        JsonNode error = node.get("error");
        if (error != null && error.isObject()) {
            return error.hasNonNull("message") ? error.get("message").asText()
                    : "an error occurred during streaming";
        }
        if (error != null && error.isTextual()) {
            return error.asText();
        }
        if (node.hasNonNull("message")) {
            return node.get("message").asText();
        }
        return clip(raw);
    }

    private static String message(String errorLine, String raw) {
        try {
            return message(JSON.readTree(errorLine), raw);
        } catch (IOException e) {
            return clip(raw);
        }
    }

    private static boolean truthy(JsonNode n) {
        return !(n.isNull() || n.isBoolean() && !n.asBoolean() || n.isTextual() && n.asText().isEmpty()
                || n.isContainerNode() && n.isEmpty());
    }

    private static String clip(String s) {
        String one = s == null ? "" : s.strip().replaceAll("\\s+", " ");
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }

    private static String describe(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                return c.getClass().getSimpleName() + ": " + c.getMessage();
            }
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return "connection refused"; // java.net.http says no more than that
            }
        }
        return e.getClass().getSimpleName();
    }

    private static long millis(Duration d) {
        return d.toMillis();
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        httpThreads.shutdownNow();
    }
}
