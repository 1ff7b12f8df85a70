package dev.benchmate.core;

import dev.benchmate.looking.VisionEncoder;
import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.TokenListener;
import dev.benchmate.thinking.Answer;
import dev.benchmate.thinking.Chat;
import dev.benchmate.thinking.Conversation;
import dev.benchmate.thinking.Exchange;
import dev.benchmate.thinking.remote.EngineException;
import dev.benchmate.thinking.remote.RemoteConversation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Thinks on the engine on the LAN and falls back to the NPU: when the engine cannot be reached, is
 * slower to its first token than its bound, or answers with an error before saying anything, the
 * turn is answered by the NPU (its picture encoded there and then), and the person is told once
 * per outage ({@link #SAY}, by the first fallback turn that speaks; the first fallback turn's
 * {@link #onFallback} listener gets why, for the event): not again until the engine has answered a turn. From then on the NPU answers,
 * while a background check asks the engine's /models every {@code recheck}; once it answers, the
 * next turn goes to the engine again. A failure after part of the answer was passed on is not
 * answered twice: the turn fails, and the next one falls back.
 *
 * <p>The conversation is one, whoever answers: each turn gives its answerer the history so far
 * (as an OpenAI client would), and the answerer that did not hold it takes it (the NPU writes the
 * turns back into its KV cache, the engine sends them), with the latest picture.
 */
public final class RemoteFirst implements Chat {
    /** What the person hears, once, when the NPU takes over. */
    public static final String SAY = "The server is not answering; I'll answer myself.";
    /** How the cause of a fallback's event begins (the metrics count them by it). */
    public static final String FALLING_BACK = "falling back to the NPU: ";

    private final RemoteConversation remote;
    private final Conversation npu;
    private final VisionEncoder encoder;
    private final Duration recheck;
    private final Consumer<String> log;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "benchmate-remote-check");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean remoteUp = true;
    /** Why the engine was last given up on; null while it answers. */
    private volatile String downWhy;
    /** Whether this outage's failed event was published (once per outage). */
    private volatile boolean reported;
    /** Whether {@link #SAY} was spoken in this outage: only a turn that speaks uses it up. */
    private volatile boolean announced;
    private ScheduledFuture<?> checking;
    private volatile List<Exchange> history = List.of();
    /** The latest picture of the conversation, as it came (not encoded), or null. */
    private volatile ImageEmbedding lastPicture;
    private volatile Chat answering;
    private volatile Chat.FallbackNotice fallbackNotice = (say, why) -> false;
    private volatile Consumer<String> restartNotice = why -> { };
    private volatile Consumer<String> visionNotice = why -> { };
    private volatile int outages;
    /** A stop came during this turn: no fallback answers it. Set by {@link #abort()}, cleared as a turn starts. */
    private volatile boolean stopped;
    /** Whether the background check has failed once (logged once). */
    private volatile boolean checkFailed;

    /**
     * @param log told when the engine is given up on and when it answers again (the application's log)
     */
    public RemoteFirst(RemoteConversation remote, Conversation npu, VisionEncoder encoder, Duration recheck,
                       Consumer<String> log) {
        this.remote = remote;
        this.npu = npu;
        this.encoder = encoder;
        this.recheck = recheck;
        this.log = log;
    }

    @Override
    public synchronized Answer ask(Conversation.Request r, TokenListener listener) {
        stopped = false;
        boolean ownHistory = r.expectedHistory() == null;
        List<Exchange> expected = ownHistory ? history : r.expectedHistory();
        ImageEmbedding last = lastPicture;
        Supplier<ImageEmbedding> historyPicture = r.historyPicture() != null ? r.historyPicture()
                : last == null ? null : () -> last;
        Consumer<String> restarts = why -> {
            if (!(ownHistory && Conversation.OTHER_HISTORY.equals(why))) {
                restartNotice.accept(why); // handing the history over is no new conversation for the person
            }
        };
        String why = null; // why the engine did not answer this turn
        boolean thisTurnOnly = false;
        if (remoteUp) {
            answering = remote;
            remote.onRestart(restarts);
            try {
                Answer a = remote.ask(new Conversation.Request(r.question(), r.picture(), r.pictureDigest(), expected,
                        historyPicture, r.options()), listener);
                answered(r, remote);
                return a;
            } catch (EngineException e) {
                why = e.getMessage();
                if (requestProblem(e) && !e.answerStarted()) {
                    // the engine is up; it could not take this request (e.g. its context is too small for it)
                    thisTurnOnly = true;
                    log.accept("The engine could not take this turn's request (" + why + "): the NPU answers "
                            + "this turn, the next goes to the engine again");
                } else {
                    giveUp(e);
                    if (e.answerStarted()) {
                        throw e;
                    }
                }
            } finally {
                answering = null;
            }
        }
        if (stopped) {
            return stoppedBeforeFallback();
        }
        if (thisTurnOnly) {
            fallbackNotice.tell(null, FALLING_BACK + why); // an event, nothing said: the server is answering
        } else if (!reported || !announced) {
            String report = null;
            if (!reported) {
                reported = true;
                outages++;
                String down = why != null ? why : downWhy; // read once: the check thread clears it
                report = FALLING_BACK + (down != null ? down : "the engine is not answering");
            }
            if (fallbackNotice.tell(announced ? null : SAY, report)) {
                announced = true; // said to the person: not again in this outage
            }
        }
        answering = npu;
        npu.onRestart(restarts);
        try {
            if (stopped) { // a stop that came while the NPU was being set to answer (abort() saw no one answering)
                return stoppedBeforeFallback();
            }
            ImageEmbedding picture = encodedOrNone(r.picture(), "the question's picture");
            Supplier<ImageEmbedding> npuPicture = historyPicture == null ? null
                    : () -> encodedOrNone(historyPicture.get(), "the conversation's picture");
            Answer a = npu.ask(new Conversation.Request(r.question(), picture, picture == null ? null : r.pictureDigest(),
                    expected, npuPicture, r.options()), listener);
            answered(r, npu);
            return a;
        } finally {
            answering = null;
        }
    }

    /** The turn was stopped between the engine failing and the NPU answering: nobody answers it, nothing is said. */
    private Answer stoppedBeforeFallback() {
        return new Answer("", dev.benchmate.thinking.RunStats.NONE, kvCacheSize(), false, false, true);
    }

    /**
     * The picture as the NPU takes it (encoded here, now, when it came as it is), or null when the
     * encoder fails: that is reported (stage VISION) and the NPU answers without it.
     */
    private ImageEmbedding encodedOrNone(ImageEmbedding p, String which) {
        if (p == null || !p.isUnencoded()) {
            return p;
        }
        try {
            return encoder.encode(p.picture());
        } catch (RuntimeException e) {
            String problem = which + " could not be encoded on the NPU (" + Supervisor.describe(e)
                    + "): answering without it";
            visionNotice.accept(problem);
            return null;
        }
    }

    /**
     * Called (on the asking thread) when a fallback turn's picture could not be encoded on the NPU and
     * the turn goes on without it, with why: a failure of stage VISION.
     */
    public void onVisionProblem(Consumer<String> notice) {
        this.visionNotice = notice;
    }

    private void answered(Conversation.Request r, Chat by) {
        if (by == remote) {
            reported = false; // the engine answered: a later outage is told again
            announced = false;
        }
        history = by.history();
        if (r.picture() != null && r.picture().isUnencoded()) {
            lastPicture = r.picture();
        }
    }

    /**
     * Whether the engine refused the request itself (400, 413, 422: a context too long for it —
     * llama.cpp's exceed_context_size_error, vLLM's "maximum context length" —, a picture it cannot
     * take): the engine is up, only this turn goes elsewhere.
     */
    public static boolean requestProblem(EngineException e) {
        return e.kind() == EngineException.Kind.ERROR_STATUS
                && (e.status() == 400 || e.status() == 413 || e.status() == 422);
    }

    /** The engine failed a turn: the NPU answers until the background check finds it again. */
    private void giveUp(EngineException e) {
        downWhy = e.getMessage();
        if (!remoteUp) {
            return;
        }
        remoteUp = false;
        log.accept("Falling back to the NPU: " + e.getMessage() + "; asking the engine again every "
                + recheck.toSeconds() + " s");
        synchronized (checker) {
            if (checker.isShutdown()) {
                return; // closed: nothing to check any more
            }
            if (checking == null || checking.isDone()) {
                checking = checker.scheduleWithFixedDelay(this::check, recheck.toMillis(), recheck.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * On the check thread: the engine answers /models again, so the next turn goes to it. Nothing may
     * escape: an exception would silently end the fixed-delay schedule and the engine would never be
     * taken back; it is logged once and the check goes on.
     */
    private void check() {
        try {
            if (remote.reachable()) {
                remoteUp = true;
                downWhy = null;
                log.accept("The engine at " + remote.settings().url() + " answers again: thinking there again");
                synchronized (checker) {
                    checking.cancel(false);
                }
            }
        } catch (RuntimeException e) {
            if (!checkFailed) {
                checkFailed = true;
                try {
                    log.accept("The background check of the engine at " + remote.settings().url() + " failed ("
                            + e + "); it goes on every " + recheck.toSeconds() + " s");
                } catch (RuntimeException ignored) {
                    // the log itself failed: the check goes on all the same
                }
            }
        }
    }

    /** Whether the next turn goes to the engine. */
    public boolean remoteUp() {
        return remoteUp;
    }

    /** Why the engine was last given up on, while the NPU answers for it; empty while it answers. */
    public java.util.Optional<String> downWhy() {
        return remoteUp ? java.util.Optional.empty() : java.util.Optional.ofNullable(downWhy);
    }

    /** The engine's base URL. */
    public String engine() {
        return remote.settings().url().toString();
    }

    /** Outages since start: each counted once, when the first turn falls back in it. */
    public int outages() {
        return outages;
    }

    @Override
    public void abort() {
        stopped = true;
        Chat c = answering;
        if (c != null) {
            c.abort();
        }
    }

    @Override
    public synchronized void reset() {
        remote.reset();
        npu.reset();
        history = List.of();
        lastPicture = null;
    }

    @Override
    public boolean hasPictureInContext() {
        return history.stream().anyMatch(Exchange::hasPicture);
    }

    @Override
    public boolean holdsTextOnly() {
        List<Exchange> h = history;
        return !h.isEmpty() && h.stream().noneMatch(Exchange::hasPicture);
    }

    @Override
    public List<Exchange> history() {
        return history;
    }

    @Override
    public boolean isAnswering() {
        return answering != null;
    }

    @Override
    public int kvCacheSize() {
        return remoteUp ? remote.kvCacheSize() : npu.kvCacheSize();
    }

    @Override
    public int contextLimit() {
        return remoteUp ? remote.contextLimit() : npu.contextLimit();
    }

    @Override
    public void onRestart(Consumer<String> notice) {
        this.restartNotice = notice;
    }

    @Override
    public void onFallback(Chat.FallbackNotice notice) {
        this.fallbackNotice = notice;
    }

    @Override
    public void close() {
        checker.shutdownNow();
        remote.close();
    }
}
