package dev.benchmate.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The NPU as one resource: questions run one at a time on the turn thread. Control work (starting a
 * new conversation) goes first, then the voice loop's questions, then the other front doors' in
 * the order they came. Each kind waits in a bounded queue; a question that finds its queue full
 * while a turn runs, or waits longer than the set bound, is refused with {@link BusyException}.
 */
final class TurnQueue {
    /** Voice questions waiting: the person asks again while the last one is still thinking. */
    static final int VOICE_WAITING = 2;
    private static final int CONTROL_WAITING = 8;

    /** A question accepted for a turn. */
    record Pending(Turn turn, Question question, AnswerSink sink) {
    }

    private final int capacity;
    private final Duration maxWait;
    private final BiConsumer<Pending, BusyException> refused;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final Deque<Runnable> control = new ArrayDeque<>();
    private final Deque<Pending> voice = new ArrayDeque<>();
    private final Deque<Pending> others = new ArrayDeque<>();
    /** The question the turn thread is answering (its generation), or null. */
    private Pending current;
    private boolean closed;

    /**
     * @param capacity questions from front doors other than the voice that may wait while a turn runs
     * @param maxWait how long such a question may wait before it is refused
     * @param refused told of each question refused after it was accepted (it waited too long, or
     *                Benchmate is shutting down); it must complete the turn's result
     */
    TurnQueue(int capacity, Duration maxWait, BiConsumer<Pending, BusyException> refused) {
        if (capacity < 0) {
            throw new IllegalArgumentException("the turn queue size must be 0 or more, got " + capacity);
        }
        this.capacity = capacity;
        this.maxWait = maxWait;
        this.refused = refused;
    }

    /**
     * Queues a question, or refuses it at once when its queue is full.
     *
     * @param accepted runs once the question is in the queue, before the turn thread can take it
     */
    void add(Pending p, Consumer<Integer> accepted) {
        boolean fromVoice = p.question().from() == FrontDoor.VOICE;
        lock.lock();
        try {
            if (closed) {
                throw new BusyException("Benchmate is shutting down", Duration.ofSeconds(30));
            }
            Deque<Pending> q = fromVoice ? voice : others;
            int room = fromVoice ? VOICE_WAITING : capacity;
            boolean idle = current == null && voice.isEmpty() && others.isEmpty();
            if (q.size() >= room && !idle) {
                throw new BusyException("Benchmate is busy: " + q.size() + " question(s) already waiting "
                        + (fromVoice ? "from the voice loop" : "(benchmate.turns.queue-size=" + capacity + ")"),
                        retryAfter());
            }
            q.addLast(p);
            accepted.accept(voice.size() + others.size());
            available.signal();
        } finally {
            lock.unlock();
        }
        if (!fromVoice) {
            CompletableFuture.delayedExecutor(maxWait.toMillis(), TimeUnit.MILLISECONDS).execute(() -> expire(p));
        }
    }

    private void expire(Pending p) {
        boolean removed;
        lock.lock();
        try {
            removed = others.remove(p);
        } finally {
            lock.unlock();
        }
        if (removed) {
            refused.accept(p, new BusyException("Benchmate is busy: the question waited " + maxWait.toSeconds()
                    + " s for the NPU (benchmate.turns.max-wait)", retryAfter()));
        }
    }

    /** Runs before the next question. Refused only when control work piles up (it never should). */
    void addControl(Runnable work) {
        lock.lock();
        try {
            if (control.size() >= CONTROL_WAITING) {
                throw new BusyException("too much control work waiting", Duration.ofSeconds(1));
            }
            control.addLast(work);
            available.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next question, waiting for it; null when closed. Control work found first is run through
     * the consumer, on the caller's thread.
     */
    Pending take(Consumer<Runnable> runControl) throws InterruptedException {
        while (true) {
            Runnable c;
            Pending p = null;
            lock.lock();
            try {
                current = null;
                while (!closed && control.isEmpty() && voice.isEmpty() && others.isEmpty()) {
                    available.await();
                }
                if (closed) {
                    return null;
                }
                c = control.pollFirst();
                if (c == null) {
                    p = voice.isEmpty() ? others.pollFirst() : voice.pollFirst();
                    current = p;
                }
            } finally {
                lock.unlock();
            }
            if (c != null) {
                runControl.accept(c);
                continue;
            }
            return p;
        }
    }

    /**
     * The NPU is done with this question (its answer may still be spoken): a question that finds no
     * room to wait may run now. Called before the question's result completes, so a client that
     * asks again at once finds the NPU free.
     */
    void finished(Pending p) {
        lock.lock();
        try {
            if (current == p) {
                current = null;
            }
        } finally {
            lock.unlock();
        }
    }

    int waiting() {
        lock.lock();
        try {
            return voice.size() + others.size();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses everything still waiting and wakes the turn thread. */
    void close() {
        Deque<Pending> left = new ArrayDeque<>();
        lock.lock();
        try {
            closed = true;
            left.addAll(voice);
            left.addAll(others);
            voice.clear();
            others.clear();
            control.clear();
            available.signalAll();
        } finally {
            lock.unlock();
        }
        for (Pending p : left) {
            refused.accept(p, new BusyException("Benchmate is shutting down", Duration.ofSeconds(30)));
        }
    }

    private Duration retryAfter() {
        return Duration.ofSeconds(Math.max(1, Math.min(30, maxWait.toSeconds() / 2)));
    }
}
