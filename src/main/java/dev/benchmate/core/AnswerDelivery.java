package dev.benchmate.core;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hands a turn's answer to its {@link AnswerSink} on a thread of its own, so that a receiver that is
 * slow (a client on Wi-Fi) or fails never holds the model's callback thread, and so the NPU. The
 * pieces wait in a bounded queue (far more than any answer has); {@link #finish()} completes once
 * the receiver has had everything.
 */
final class AnswerDelivery {
    /** Pieces waiting: an answer is at most max-new-tokens pieces (a few hundred), plus notices. */
    static final int WAITING = 4096;
    private static final String END = new String("end");

    private final AnswerSink sink;
    private final BlockingQueue<String> pieces = new ArrayBlockingQueue<>(WAITING);
    private final CompletableFuture<Void> delivered = new CompletableFuture<>();
    private final Consumer<String> problem;
    private volatile boolean broken;
    private final java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();

    /** @param problem told once when the receiver fails or cannot keep up */
    AnswerDelivery(AnswerSink sink, long turn, Consumer<String> problem) {
        this.sink = sink;
        this.problem = problem;
        Thread t = new Thread(this::deliver, "benchmate-answer-" + turn);
        t.setDaemon(true);
        t.start();
    }

    /** A piece of the answer; returns at once (on the model's callback thread). */
    void text(String piece) {
        if (!broken && !pieces.offer(piece)) {
            broken = true;
            problem.accept("the receiver of the answer fell " + WAITING + " pieces behind; the rest is not sent to it");
        }
    }

    /** No more text: completes when the receiver has had it all (or failed). */
    CompletableFuture<Void> finish() {
        if (!finished.compareAndSet(false, true)) {
            return delivered;
        }
        while (!pieces.offer(END)) {
            pieces.poll(); // a receiver that far behind has failed already; make room for the end
        }
        return delivered;
    }

    private void deliver() {
        try {
            while (true) {
                String piece = pieces.poll(60, TimeUnit.SECONDS);
                if (piece == null) {
                    continue;
                }
                if (piece == END) {
                    return;
                }
                if (!broken) {
                    try {
                        sink.text(piece);
                    } catch (RuntimeException e) {
                        broken = true;
                        problem.accept("the receiver of the answer failed: " + Supervisor.describe(e));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            delivered.complete(null);
        }
    }
}
