package dev.benchmate.core;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Keeps Benchmate's long-lived threads running and says whether it is alive. A thread that dies
 * (its body throws) is reported as a {@link TurnEvent.Failed} of its stage, logged, and started
 * again after a back-off; one that dies too often is given up as dead. A thread that stays inside
 * one piece of work longer than its bound is stuck; so is anything a probe reports (a turn that
 * does not end). {@link #liveness()} sums it up.
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Supervisor.class);
    /** More restarts than this within {@link #RESTART_WINDOW} and a worker is dead. */
    static final int MAX_RESTARTS = 5;
    static final Duration RESTART_WINDOW = Duration.ofMinutes(1);

    private final EventHub hub;
    private final InstantSource clock;
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final List<Probe> probes = new CopyOnWriteArrayList<>();
    private final Thread watcher;
    private volatile boolean closing;
    private volatile Liveness last = Liveness.ALIVE;
    private final Duration firstBackOff;

    /** Something that can tell whether a part is stuck: a problem to report, or empty. */
    private record Probe(String name, Supplier<Optional<String>> check) {
    }

    public Supervisor(EventHub hub, InstantSource clock) {
        this(hub, clock, Duration.ofMillis(500));
    }

    /** @param firstBackOff the wait before the first restart; it doubles with each restart, up to 30 s */
    Supervisor(EventHub hub, InstantSource clock, Duration firstBackOff) {
        this.hub = hub;
        this.clock = clock;
        this.firstBackOff = firstBackOff;
        this.watcher = new Thread(this::watch, "benchmate-supervisor");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Starts a supervised thread.
     *
     * @param stuckAfter how long it may stay inside one piece of work (between {@link Worker#working()}
     *                   and {@link Worker#waiting()}, or between two {@link Worker#progress()} calls)
     * @param body the thread's loop; it returns when {@link Worker#stopping()} is true or its work
     *             has ended for good (a replayed recording's end); if it throws, it is run again
     */
    public Worker start(String name, Stage stage, Duration stuckAfter, Consumer<Worker> body) {
        Worker w = new Worker(name, stage, stuckAfter, body);
        workers.add(w);
        w.thread.start();
        return w;
    }

    /** Adds a check that the watcher runs every second and liveness includes. */
    public void probe(String name, Supplier<Optional<String>> check) {
        probes.add(new Probe(name, check));
    }

    public Liveness liveness() {
        List<String> problems = new ArrayList<>();
        Instant now = clock.instant();
        for (Worker w : workers) {
            w.problem(now).ifPresent(problems::add);
        }
        for (Probe p : probes) {
            try {
                p.check().get().ifPresent(problems::add);
            } catch (RuntimeException e) {
                problems.add(p.name() + ": its check failed (" + e + ")");
            }
        }
        return Liveness.of(problems);
    }

    private void watch() {
        while (!closing) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            Liveness now = liveness();
            if (!now.equals(last)) {
                if (now.alive()) {
                    LOG.infof("Benchmate is alive again");
                } else {
                    LOG.warnf("Benchmate is %s", now);
                }
                last = now;
            }
        }
    }

    /** Stops every worker (they see {@link Worker#stopping()}) and waits for each, bounded. */
    @Override
    public void close() {
        closing = true;
        watcher.interrupt();
        for (Worker w : workers) {
            w.stop();
        }
        for (Worker w : workers) {
            w.join(Duration.ofSeconds(3));
        }
    }

    /** One supervised thread. */
    public final class Worker {
        private final String name;
        private final Stage stage;
        private final Duration stuckAfter;
        private final Consumer<Worker> body;
        private final Thread thread;
        private final List<Instant> restarts = new ArrayList<>();
        private volatile boolean stopping;
        private volatile boolean dead;
        private volatile Instant workingSince;

        private Worker(String name, Stage stage, Duration stuckAfter, Consumer<Worker> body) {
            this.name = name;
            this.stage = stage;
            this.stuckAfter = stuckAfter;
            this.body = body;
            this.thread = new Thread(this::run, "benchmate-" + name);
            thread.setDaemon(true);
        }

        private void run() {
            while (!stopping) {
                try {
                    body.accept(this);
                    return;
                } catch (RuntimeException | Error e) {
                    if (stopping) {
                        return;
                    }
                    workingSince = null;
                    Instant now = clock.instant();
                    restarts.removeIf(t -> Duration.between(t, now).compareTo(RESTART_WINDOW) > 0);
                    restarts.add(now);
                    boolean giveUp = restarts.size() > MAX_RESTARTS;
                    String cause = name + " stopped: " + describe(e)
                            + (giveUp ? "; it failed " + restarts.size() + " times within a minute, given up"
                            : "; starting it again");
                    LOG.debugf(e, "%s", name); // the event is the report (the log subscriber logs it once)
                    hub.publish(0, new TurnEvent.Failed(stage, cause, !giveUp));
                    if (giveUp) {
                        dead = true;
                        return;
                    }
                    try {
                        Thread.sleep(Math.min(30_000, firstBackOff.toMillis() << Math.min(6, restarts.size() - 1)));
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }

        /** Entering a piece of work that must end within the bound. */
        public void working() {
            workingSince = clock.instant();
        }

        /** Progress within continuous work (a block of audio read): the bound starts again. */
        public void progress() {
            workingSince = clock.instant();
        }

        /** Waiting for work (a queue, the next utterance): no bound. */
        public void waiting() {
            workingSince = null;
        }

        public boolean stopping() {
            return stopping || closing;
        }

        public String name() {
            return name;
        }

        Optional<String> problem(Instant now) {
            if (dead) {
                return Optional.of(name + " is dead (it kept failing)");
            }
            Instant since = workingSince;
            if (since != null && !stopping) {
                Duration busy = Duration.between(since, now);
                if (busy.compareTo(stuckAfter) > 0) {
                    return Optional.of(name + " is stuck (" + busy.toSeconds() + " s in one step, limit "
                            + stuckAfter.toSeconds() + " s)");
                }
            }
            return Optional.empty();
        }

        /** Asks the thread to end and interrupts what it waits on. */
        public void stop() {
            stopping = true;
            thread.interrupt();
        }

        /** Waits for the thread to end. */
        public void join(Duration timeout) {
            if (Thread.currentThread() == thread) {
                return;
            }
            try {
                thread.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Waits until the body has returned for good (or the thread is gone). */
        public boolean awaitEnd(Duration timeout) throws InterruptedException {
            thread.join(timeout.toMillis());
            return !thread.isAlive();
        }
    }

    static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                + e.getMessage();
    }
}
