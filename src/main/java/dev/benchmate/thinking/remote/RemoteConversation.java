package dev.benchmate.thinking.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.TokenListener;
import dev.benchmate.thinking.Answer;
import dev.benchmate.thinking.Chat;
import dev.benchmate.thinking.Conversation;
import dev.benchmate.thinking.Exchange;
import dev.benchmate.thinking.QuestionTooLongException;
import dev.benchmate.thinking.RunStats;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A conversation with an OpenAI-compatible engine on the LAN. Benchmate keeps the conversation as
 * messages and sends all of it with each question (the engines keep nothing between requests):
 * the system prompt, the earlier turns, the new question. A picture is sent as a JPEG data URI,
 * scaled to a long side, in the turn that brought it, and stays in the history the engine sees;
 * only the latest picture is kept there (vLLM takes one image per request by default), so a new
 * picture takes an older one's place.
 *
 * <p>The context budget is counted in the engine's own usage figures: before a question, the
 * tokens of the last turn (prompt and answer), the new question's estimate and the answer's limit
 * must fit {@link RemoteSettings#contextTokens()}; where they would not, the oldest turns are let
 * go (the picture, when its turn goes, moves to the first turn kept, its tokens counted apart from
 * the turns' and once, wherever it is held), and the turn is told so as
 * {@link Conversation#CONTEXT_FULL}.
 *
 * <p>One turn at a time ({@link #ask} is synchronized); {@link #abort()} drops the HTTP stream at
 * once from any thread, and a stop that comes before the question is sent (the model being looked
 * up, the picture encoded) ends the turn before it is.
 */
public final class RemoteConversation implements Chat {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The digest kept for a picture that came without one (as the NPU conversation keeps it). */
    static final String UNNAMED_PICTURE = "picture";
    /** What a picture is reckoned to take before the engine has counted one. */
    static final int FIRST_PICTURE_ESTIMATE = 1300;
    /** Characters per token, roughly, for what the engine has not counted yet. */
    private static final double CHARS_PER_TOKEN = 3.0;
    private static final int MESSAGE_OVERHEAD = 8;

    private final EngineClient client;
    private final RemoteSettings settings;
    /** The turns sent with each question, oldest first. */
    private final List<Held> held = new ArrayList<>();
    /** Tokens the conversation took at its last turn, by the engine's count (or an estimate). */
    private volatile int used;
    private int pictureTokens = FIRST_PICTURE_ESTIMATE;
    private volatile String model;
    private volatile EngineClient.Call current;
    private volatile Consumer<String> restartNotice = why -> { };

    /**
     * One turn as it is sent again: the exchange, the picture with it (only the latest keeps one), its
     * tokens without the picture's (those are {@link #pictureTokens}, wherever the picture is held).
     */
    private record Held(Exchange exchange, String pictureUri, int tokens) {
        Held withPicture(String uri) {
            return new Held(exchange, uri, tokens);
        }
    }

    public RemoteConversation(EngineClient client) {
        this.client = client;
        this.settings = client.settings();
        this.model = settings.model().orElse(null);
    }

    /** The model asked for: the configured one, or the first the engine lists (asked once). */
    public String model() {
        return model(new EngineClient.Call());
    }

    /** {@link #model()}, the engine asked under the turn's call (a stop drops the request). */
    private String model(EngineClient.Call call) {
        String m = model;
        if (m == null) {
            List<String> listed = client.models(call);
            if (listed.isEmpty()) {
                throw new EngineException(EngineException.Kind.ERROR_STATUS, 0, false, settings.url()
                        + "/models lists no model: set benchmate.remote.model", null);
            }
            m = listed.get(0);
            model = m;
        }
        return m;
    }

    /** Whether the engine answers /models now (a short, bounded request). */
    public boolean reachable() {
        try {
            client.models();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public RemoteSettings settings() {
        return settings;
    }

    @Override
    public synchronized Answer ask(Conversation.Request r, TokenListener listener) {
        // Registered first: a stop while the model is looked up or the picture encoded is not missed.
        EngineClient.Call call = new EngineClient.Call();
        current = call;
        try {
            return ask(r, listener, call);
        } finally {
            current = null;
        }
    }

    /** A turn stopped before its question was sent: nothing is kept of it. */
    private Answer stoppedBeforeAsking(boolean restarted, boolean picture) {
        return new Answer("", RunStats.NONE, Math.max(0, used), restarted, picture, true, false, 0, Answer.REMOTE);
    }

    private Answer ask(Conversation.Request r, TokenListener listener, EngineClient.Call call) {
        boolean restarted = false;
        if (r.expectedHistory() != null && !exchanges().equals(r.expectedHistory())) {
            takeHistory(r);
            restartNotice.accept(Conversation.OTHER_HISTORY);
            restarted = true;
        }
        String uri = null;
        if (r.picture() != null) {
            if (!r.picture().isUnencoded()) {
                throw new IllegalArgumentException("a picture encoded for the NPU cannot be sent to an engine; "
                        + "it needs the picture itself");
            }
            uri = JpegPictures.dataUri(r.picture().picture(), settings.imageLongSide(), settings.jpegQuality());
        }
        int maxTokens = r.options().maxNewTokens() == null ? settings.maxTokens()
                : Math.min(r.options().maxNewTokens(), settings.maxTokens());
        int questionTokens = estimate(r.question()) + (uri != null ? pictureTokens : 0);
        int room = settings.contextTokens() - maxTokens - estimate(settings.systemPrompt());
        if (questionTokens > room) {
            throw new QuestionTooLongException(questionTokens, Math.max(0, room), settings.contextTokens());
        }
        // Worked out on a copy: a turn that fails leaves the conversation as it was.
        List<Held> next = new ArrayList<>(held);
        if (uri != null) {
            next.replaceAll(h -> h.withPicture(null)); // only the latest picture goes with the history
        }
        int dropped = 0;
        while (!next.isEmpty() && tokens(next) + questionTokens + maxTokens > settings.contextTokens()) {
            Held oldest = next.remove(0);
            dropped++;
            if (oldest.pictureUri() != null && !next.isEmpty()) {
                next.set(0, next.get(0).withPicture(oldest.pictureUri())); // its tokens go with it
            }
        }
        int before = tokens(next);
        if (dropped > 0) {
            restartNotice.accept(Conversation.CONTEXT_FULL);
            restarted = true;
        }

        String modelName;
        try {
            modelName = model(call);
        } catch (EngineException e) {
            if (call.cancelled()) {
                return stoppedBeforeAsking(restarted, uri != null);
            }
            throw e;
        }
        if (call.cancelled()) {
            return stoppedBeforeAsking(restarted, uri != null);
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("model", modelName);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", settings.systemPrompt());
        for (Held h : next) {
            user(messages, h.exchange().question(), h.pictureUri());
            messages.addObject().put("role", "assistant").put("content", h.exchange().answer());
        }
        user(messages, r.question(), uri);
        body.put("max_tokens", maxTokens);
        body.put("max_completion_tokens", maxTokens);
        body.put("temperature", r.options().temperature() != null ? r.options().temperature() : settings.temperature());
        body.put("top_p", r.options().topP() != null ? r.options().topP() : settings.topP());

        if (call.cancelled()) {
            return stoppedBeforeAsking(restarted, uri != null);
        }
        long start = System.nanoTime();
        EngineClient.Outcome out = client.stream(body, listener, call);
        int prompt = out.promptTokens();
        int completion = out.completionTokens();
        int after = prompt >= 0 && completion >= 0 ? prompt + completion
                : before + questionTokens + estimate(out.text()) + 2 * MESSAGE_OVERHEAD;
        if (uri != null && prompt >= 0) {
            pictureTokens = Math.max(1, prompt - before - estimate(r.question()));
        }
        int turnTokens = Math.max(0, after - before - (uri != null ? pictureTokens : 0)); // the picture's apart
        String digest = r.picture() == null ? null : r.pictureDigest() != null ? r.pictureDigest() : UNNAMED_PICTURE;
        next.add(new Held(new Exchange(r.question(), digest, out.text()), uri, turnTokens));
        held.clear();
        held.addAll(next);
        used = after;
        double firstMs = out.firstTokenNanos() < 0 ? 0 : (out.firstTokenNanos() - start) / 1e6;
        double genMs = out.firstTokenNanos() < 0 ? 0 : (out.endNanos() - out.firstTokenNanos()) / 1e6;
        RunStats stats = new RunStats(Math.max(prompt, 0), firstMs, Math.max(completion, 0), genMs, 0);
        return new Answer(out.text(), stats, used, restarted, uri != null, out.aborted(),
                "length".equals(out.finishReason()), restarted ? held.size() - 1 : 0, Answer.REMOTE);
    }

    /** Takes the asker's history as the conversation, its latest picture asked for when the question brings none. */
    private void takeHistory(Conversation.Request r) {
        held.clear();
        used = estimate(settings.systemPrompt());
        List<Exchange> expected = r.expectedHistory();
        int shownAt = -1;
        for (int i = expected.size() - 1; i >= 0; i--) {
            if (expected.get(i).hasPicture()) {
                shownAt = i;
                break;
            }
        }
        String uri = null;
        if (shownAt >= 0 && r.picture() == null && r.historyPicture() != null) {
            ImageEmbedding p = r.historyPicture().get();
            if (p != null && p.isUnencoded()) {
                uri = JpegPictures.dataUri(p.picture(), settings.imageLongSide(), settings.jpegQuality());
            }
        }
        for (int i = 0; i < expected.size(); i++) {
            Exchange e = expected.get(i);
            boolean shown = i == shownAt && uri != null;
            int tokens = estimate(e.question()) + estimate(e.answer()) + 2 * MESSAGE_OVERHEAD;
            held.add(new Held(e, shown ? uri : null, tokens));
        }
        used = tokens(held);
    }

    private static void user(ArrayNode messages, String text, String pictureUri) {
        ObjectNode m = messages.addObject().put("role", "user");
        if (pictureUri == null) {
            m.put("content", text);
        } else {
            ArrayNode parts = m.putArray("content");
            parts.addObject().put("type", "image_url").putObject("image_url").put("url", pictureUri);
            parts.addObject().put("type", "text").put("text", text);
        }
    }

    /** What the turns take: the system prompt, each turn's tokens, and the picture's when one is held. */
    private int tokens(List<Held> turns) {
        int sum = estimate(settings.systemPrompt());
        boolean picture = false;
        for (Held h : turns) {
            sum += h.tokens();
            picture |= h.pictureUri() != null;
        }
        return sum + (picture ? pictureTokens : 0);
    }

    private static int estimate(String text) {
        return (int) Math.ceil(text.length() / CHARS_PER_TOKEN) + MESSAGE_OVERHEAD;
    }

    private List<Exchange> exchanges() {
        return held.stream().map(Held::exchange).toList();
    }

    @Override
    public void abort() {
        EngineClient.Call c = current;
        if (c != null) {
            c.cancel();
        }
    }

    @Override
    public synchronized void reset() {
        held.clear();
        used = 0;
    }

    @Override
    public synchronized boolean hasPictureInContext() {
        return held.stream().anyMatch(h -> h.pictureUri() != null);
    }

    @Override
    public synchronized boolean holdsTextOnly() {
        return !held.isEmpty() && held.stream().noneMatch(h -> h.pictureUri() != null);
    }

    @Override
    public synchronized List<Exchange> history() {
        return exchanges();
    }

    @Override
    public boolean isAnswering() {
        return current != null;
    }

    @Override
    public int kvCacheSize() {
        return Math.max(0, used);
    }

    @Override
    public int contextLimit() {
        return settings.contextTokens();
    }

    @Override
    public void onRestart(Consumer<String> notice) {
        this.restartNotice = notice;
    }

    @Override
    public void close() {
        abort();
        client.close();
    }
}
