package dev.benchmate.core;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Where every event goes, and from where every subscriber takes it. Publishing never blocks and
 * never runs subscriber code: each subscriber has its own bounded queue and its own delivery
 * thread, so a slow, blocked or failing subscriber only loses its own events (it is told how many
 * with {@link TurnEvent.EventsDropped}) and never slows a turn, the capture thread, the model's
 * callback thread or another subscriber.
 */
public final class EventHub implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventHub.class);
    /** How often a subscriber that keeps failing is logged again. */
    private static final Duration FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

    private final InstantSource clock;
    private final AtomicLong sequence = new AtomicLong();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public EventHub(InstantSource clock) {
        this.clock = clock;
    }

    public EventHub() {
        this(InstantSource.system());
    }

    /** Publishes an event of a turn (0: of no turn). Returns at once, from any thread. */
    public void publish(long turn, TurnEvent what) {
        Event e = new Event(turn, clock.instant(), sequence.incrementAndGet(), what);
        for (Subscription s : subscriptions) {
            s.offer(e);
        }
    }

    /**
     * Starts delivering every event published from now on to a consumer, on a thread of its own.
     *
     * @param name for the thread and the log
     * @param capacity events held for it while it is busy; beyond, events are dropped for it alone
     */
    public Subscription subscribe(String name, int capacity, Consumer<Event> consumer) {
        if (closed) {
            throw new IllegalStateException("the event hub is closed");
        }
        Subscription s = new Subscription(name, capacity, consumer);
        subscriptions.add(s);
        s.thread.start();
        return s;
    }

    /** Stops every delivery thread after the events already queued (bounded wait). */
    @Override
    public void close() {
        closed = true;
        for (Subscription s : subscriptions) {
            s.close();
        }
    }

    /** One subscriber's queue and delivery thread. */
    public final class Subscription implements AutoCloseable {
        private final String name;
        private final BlockingQueue<Queued> queue;
        private final Consumer<Event> consumer;
        private final Thread thread;
        private final AtomicLong dropped = new AtomicLong();
        private final AtomicLong droppedSinceTold = new AtomicLong();
        private final AtomicLong delivered = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();
        private volatile boolean stopping;
        private Instant lastFailureLogged;

        private Subscription(String name, int capacity, Consumer<Event> consumer) {
            if (capacity < 1) {
                throw new IllegalArgumentException("a subscriber needs room for at least one event");
            }
            this.name = name;
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.consumer = consumer;
            this.thread = new Thread(this::deliver, "benchmate-events-" + name);
            thread.setDaemon(true);
        }

        /** An event, and how many were dropped for this subscriber just before it. */
        private record Queued(Event event, long missedBefore) {
        }

        private void offer(Event e) {
            long missed = droppedSinceTold.getAndSet(0);
            if (!stopping && queue.offer(new Queued(e, missed))) {
                return;
            }
            dropped.incrementAndGet();
            droppedSinceTold.addAndGet(missed + 1);
        }

        private void deliver() {
            while (true) {
                Queued q;
                try {
                    q = queue.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    if (stopping) {
                        return;
                    }
                    continue; // a consumer that interrupted itself does not end its own delivery
                }
                if (q == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                Event e = q.event();
                if (q.missedBefore() > 0) {
                    handle(new Event(e.turn(), e.time(), e.sequence(), new TurnEvent.EventsDropped(q.missedBefore())));
                }
                handle(e);
            }
        }

        private void handle(Event e) {
            try {
                consumer.accept(e);
                delivered.incrementAndGet();
            } catch (RuntimeException | Error t) {
                failures.incrementAndGet();
                Instant now = clock.instant();
                if (lastFailureLogged == null || Duration.between(lastFailureLogged, now)
                        .compareTo(FAILURE_LOG_INTERVAL) >= 0) {
                    lastFailureLogged = now;
                    LOG.warnf("Event subscriber '%s' failed on %s (%d failures so far; it keeps receiving events): %s",
                            name, e.what().getClass().getSimpleName(), failures.get(), t.toString());
                }
            }
        }

        public String name() {
            return name;
        }

        public long delivered() {
            return delivered.get();
        }

        public long dropped() {
            return dropped.get();
        }

        public long failures() {
            return failures.get();
        }

        public int queued() {
            return queue.size();
        }

        /** Stops delivery to it after what is queued (waits at most two seconds). */
        @Override
        public void close() {
            stopping = true;
            subscriptions.remove(this);
            if (Thread.currentThread() != thread) {
                try {
                    thread.join(2000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                thread.interrupt();
            }
        }
    }
}
