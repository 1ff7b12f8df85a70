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
 * times a second (a coarse thumbnail, {@link ViewSignature}); once it has stayed the same for one
 * look after changing, it is encoded, at most once per gap. A question about the same view (the
 * frame at its speech start, or the camera's frame for a question from another front door) then
 * takes that encoding at once, finished or still under way; a view that changed is encoded when
 * asked about, as without this. The last encoding made for a question is kept the same way.
 */
public final class LookingAhead implements AutoCloseable {
    /** After a failed encoding ahead, this long without. */
    static final Duration BACK_OFF = Duration.ofSeconds(60);

    /**
     * @param on       whether the view is encoded ahead (the last encoding is reused either way)
     * @param every    how often the view is looked at while idle
     * @param gap      at most one encoding ahead per this long (the NPU's work and heat)
     * @param sameView the largest change of a thumbnail cell's grey (0–255) that is the same view
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
                throw new IllegalArgumentException("the same view is a change of 0 to 254 grey levels, got " + sameView);
            }
        }
    }

    /** A view encoded or being encoded: its thumbnail, the frame, the encoding, when it started. */
    record Encoded(ViewSignature view, Picture frame, CompletableFuture<ImageEmbedding> embedding, long startedNanos) {
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
    private long lastStart = Long.MIN_VALUE / 2;
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

    /** Starts watching the view (when settings.on()); once. */
    synchronized void start(Settings s) {
        settings = s;
        if (!s.on() || watcher != null) {
            return;
        }
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
        if (e == null || e.failed() || e.embedding().isCancelled() || !view.sameView(e.view(), settings.sameView())) {
            return Optional.empty();
        }
        return Optional.of(e);
    }

    /** Keeps an encoding made for a question, for the next question about the same view. */
    Encoded remember(ViewSignature view, Picture frame, CompletableFuture<ImageEmbedding> embedding, long started) {
        Encoded e = new Encoded(view, frame, embedding, started);
        last = e;
        return e;
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
            boolean held = previous != null && view.sameView(previous, s.sameView());
            previous = view;
            if (!held || matching(view).isPresent() || now - lastStart < s.gap().toNanos()) {
                return; // still moving, already encoded, or encoded too recently
            }
            Optional<CompletableFuture<ImageEmbedding>> started = encoder.apply(frame.get());
            if (started.isEmpty()) {
                return;
            }
            lastStart = now;
            aheadCount++;
            last = new Encoded(view, frame.get(), started.get(), now);
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
