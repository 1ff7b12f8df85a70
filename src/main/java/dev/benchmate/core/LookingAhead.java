package dev.benchmate.core;

import dev.benchmate.looking.Camera;
import dev.benchmate.looking.ViewSignature;
import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.Picture;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The camera's view encoded before anyone asks about it. The vision encoder takes about 2.9 s on
 * an RK3576; a question takes about as long to say, and the picture's prefill must follow the
 * encoding before the question's end. So, while the assistant is idle, the view is watched a few
 * times a second (a coarse thumbnail, {@link ViewSignature}); once it has held still for a second,
 * it is encoded, at most once per gap. A question about the same view (the frame at its speech
 * start, or the camera's frame for a question from another front door) then takes that encoding
 * at once, finished or still under way; a view that changed is encoded when asked about, as
 * without this. The last encoding made for a question is kept the same way. An encoding is reused
 * for at most {@link #REUSE_AGE}, then the still view is encoded again.
 *
 * <p>The cost: an encoding ahead cannot be interrupted, so a question about a view that changed
 * while one was under way waits for it to end (up to one encoding, ~2.9 s). To keep that and the
 * NPU's work rare while people work under the camera, the gap doubles (up to
 * {@link #LONGEST_GAP}) each time an encoding ahead went unused, and returns to the set gap when
 * one is used.
 */
public final class LookingAhead implements AutoCloseable {
    /** After a failed encoding ahead, this long without. */
    static final Duration BACK_OFF = Duration.ofSeconds(60);
    /** An encoding serves a question about the same view for this long, then the view is encoded again. */
    static final Duration REUSE_AGE = Duration.ofMinutes(2);
    /** The gap grows up to this while encodings ahead go unused. */
    static final Duration LONGEST_GAP = Duration.ofSeconds(60);
    /** How long the view must hold still before it is encoded ahead. */
    static final Duration HOLD = Duration.ofSeconds(1);

    /**
     * @param on       whether the view is encoded ahead (the last encoding is reused either way)
     * @param every    how often the view is looked at while idle
     * @param gap      at most one encoding ahead per this long (the NPU's work and heat)
     * @param sameView the largest change of a thumbnail cell's mean blue, green or red (0–255) that is the same view
     */
    public record Settings(boolean on, Duration every, Duration gap, double sameView) {
        public static final Settings DEFAULTS = new Settings(true, Duration.ofMillis(250), Duration.ofSeconds(5), 8);

        public Settings {
            if (every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("looking ahead needs a positive interval, got " + every);
            }
            if (gap.isNegative()) {
                throw new IllegalArgumentException("looking ahead needs a gap of 0 or more, got " + gap);
            }
            if (!(sameView >= 0 && sameView < 255)) {
                throw new IllegalArgumentException("the same view is a change of 0 to 254 colour levels, got " + sameView);
            }
        }
    }

    /** A view encoded or being encoded: its thumbnail, the frame, the encoding, when it started. */
    record Encoded(ViewSignature view, Picture frame, CompletableFuture<ImageEmbedding> embedding, long startedNanos,
                   boolean ahead, java.util.concurrent.atomic.AtomicBoolean used) {
        boolean failed() {
            return embedding.isCompletedExceptionally();
        }
    }

    private final Camera camera;
    private final Function<Picture, Optional<CompletableFuture<ImageEmbedding>>> encoder;
    private final BooleanSupplier idle;
    private final Consumer<String> onFailure;
    private volatile Settings settings = Settings.DEFAULTS;
    private volatile Encoded last;
    private volatile int aheadCount;
    private ScheduledExecutorService watcher;
    private ScheduledFuture<?> looks;
    /** The watcher's own: the view at its last look, and when it last encoded (System.nanoTime). */
    private ViewSignature previous;
    /** When the view last changed (System.nanoTime), by the watcher's looks. */
    private long stillSince;
    private long lastStart = Long.MIN_VALUE / 2;
    /** The gap now: the set one, doubled for each encoding ahead that went unused. */
    private volatile long gapNanos;
    private volatile long backOffUntil = Long.MIN_VALUE / 2;

    /**
     * @param encoder   starts an encoding on the vision thread, or empty where it is busy
     * @param idle      whether nothing else wants the NPU or the vision thread now
     * @param onFailure told why an encoding ahead failed (it then rests for a minute)
     */
    LookingAhead(Camera camera, Function<Picture, Optional<CompletableFuture<ImageEmbedding>>> encoder,
                 BooleanSupplier idle, Consumer<String> onFailure) {
        this.camera = camera;
        this.encoder = encoder;
        this.idle = idle;
        this.onFailure = onFailure;
    }

    /** The settings (the same-view threshold serves reuse whether or not the view is watched). */
    void configure(Settings s) {
        settings = s;
    }

    /** Starts watching the view (when its settings say on); once. */
    synchronized void start() {
        Settings s = settings;
        if (!s.on() || watcher != null) {
            return;
        }
        gapNanos = s.gap().toNanos();
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "benchmate-looking-ahead");
            t.setDaemon(true);
            return t;
        });
        long ms = s.every().toMillis();
        looks = watcher.scheduleWithFixedDelay(this::look, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** The encoding of this view, if one was made or is under way and did not fail. */
    Optional<Encoded> matching(ViewSignature view) {
        Encoded e = last;
        if (e == null || e.failed() || e.embedding().isCancelled() || !view.sameView(e.view(), settings.sameView())
                || System.nanoTime() - e.startedNanos() > REUSE_AGE.toNanos()) {
            return Optional.empty();
        }
        return Optional.of(e);
    }

    /** The encoding of this view, for a question: marked used. */
    Optional<Encoded> takeFor(ViewSignature view) {
        Optional<Encoded> e = matching(view);
        e.ifPresent(x -> x.used().set(true));
        return e;
    }

    /** Keeps an encoding made for a question, for the next question about the same view. */
    Encoded remember(ViewSignature view, Picture frame, CompletableFuture<ImageEmbedding> embedding, long started) {
        Encoded e = new Encoded(view, frame, embedding, started, false, new java.util.concurrent.atomic.AtomicBoolean(true));
        last = e;
        return e;
    }

    /** The gap between encodings ahead now (it grows while they go unused). */
    Duration gap() {
        return Duration.ofNanos(gapNanos);
    }

    /** Encodings started ahead of a question so far. */
    int aheadCount() {
        return aheadCount;
    }

    /** One look at the view, on the watcher's thread. */
    private void look() {
        try {
            Settings s = settings;
            long now = System.nanoTime();
            if (now < backOffUntil || !idle.getAsBoolean()) {
                return;
            }
            Optional<Picture> frame = camera.latestFrame();
            if (frame.isEmpty()) {
                previous = null;
                return;
            }
            ViewSignature view = ViewSignature.of(frame.get());
            if (previous == null || !view.sameView(previous, s.sameView())) {
                stillSince = now;
            }
            previous = view;
            Encoded before = last;
            long gap = gapNanos;
            if (now - stillSince < HOLD.toNanos() || matching(view).isPresent() || now - lastStart < gap) {
                return; // still moving, already encoded, or encoded too recently
            }
            Optional<CompletableFuture<ImageEmbedding>> started = encoder.apply(frame.get());
            if (started.isEmpty()) {
                return;
            }
            if (before != null && before.ahead() && !before.used().get()) {
                gapNanos = Math.min(LONGEST_GAP.toNanos(), Math.max(gap * 2, s.gap().toNanos()));
            } else {
                gapNanos = s.gap().toNanos();
            }
            lastStart = now;
            aheadCount++;
            last = new Encoded(view, frame.get(), started.get(), now, true, new java.util.concurrent.atomic.AtomicBoolean());
            started.get().whenComplete((embedding, error) -> {
                if (error != null && !(error instanceof CancellationException)) {
                    rest("encoding the camera's view ahead of a question failed (" + Supervisor.describe(error)
                            + ")");
                }
            });
        } catch (RuntimeException | Error e) {
            rest("looking at the camera's view ahead of a question failed (" + Supervisor.describe(e) + ")");
        }
    }

    private void rest(String why) {
        backOffUntil = System.nanoTime() + BACK_OFF.toNanos();
        onFailure.accept(why + ": no encoding ahead for " + BACK_OFF.toSeconds()
                + " s; questions have their frame encoded when they are asked");
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            looks.cancel(false);
            watcher.shutdownNow();
        }
    }
}
