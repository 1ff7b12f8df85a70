package dev.benchmate.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Work done once at start, before the service says it is ready, so that the first answer is as
 * quick as the tenth (the voice's first sentence, the transcriber's first utterance). Bounded and
 * harmless: the steps run in order on one thread of their own and the start waits for them at
 * most {@code limit}; a step that fails is reported and the next still runs; steps not finished by
 * then go on in the background (a native call cannot be interrupted) and their end is logged.
 * Nothing here throws.
 */
public final class WarmUp {
    private static final Logger LOG = Logger.getLogger(WarmUp.class);

    /** Something to do once; its failure is reported, never thrown on. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** A named step ("voice", "transcriber"). */
    public record Step(String name, Action action) {
    }

    /**
     * What the warm-up did by the time the start went on.
     *
     * @param warmedMs the steps done, with their time, in order
     * @param failed the steps that failed, with why
     * @param unfinished the steps still running or not yet begun when the limit came
     * @param tookMs how long the start waited
     */
    public record Report(Map<String, Long> warmedMs, Map<String, String> failed, List<String> unfinished,
                         long tookMs) {
        public Report {
            warmedMs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(warmedMs));
            failed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failed));
            unfinished = List.copyOf(unfinished);
        }

        /** Every step done. */
        public boolean complete() {
            return failed.isEmpty() && unfinished.isEmpty();
        }

        /** "voice 812 ms, transcriber 160 ms", with what failed or is unfinished, and why. */
        public String summary() {
            List<String> parts = new ArrayList<>();
            warmedMs.forEach((name, ms) -> parts.add(name + " " + ms + " ms"));
            failed.forEach((name, why) -> parts.add(name + " FAILED: " + why));
            unfinished.forEach(name -> parts.add(name + " not finished after " + tookMs + " ms (goes on in the "
                    + "background)"));
            return parts.isEmpty() ? "nothing to warm up" : String.join(", ", parts);
        }
    }

    private WarmUp() {
    }

    /** Runs the steps, waiting for them at most {@code limit}. */
    public static Report run(List<Step> steps, Duration limit) {
        Map<String, Long> warmed = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        CountDownLatch finished = new CountDownLatch(1);
        Object lock = new Object();
        boolean[] late = {false};
        long t0 = System.nanoTime();
        Thread worker = new Thread(() -> {
            try {
                for (Step step : steps) {
                    long s = System.nanoTime();
                    String why = null;
                    try {
                        step.action().run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        why = "interrupted";
                    } catch (Exception | LinkageError e) {
                        why = e.getMessage() == null ? e.toString() : e.getMessage();
                    }
                    long ms = (System.nanoTime() - s) / 1_000_000;
                    synchronized (lock) {
                        if (why == null) {
                            warmed.put(step.name(), ms);
                        } else {
                            failed.put(step.name(), why);
                        }
                        if (late[0]) {
                            if (why == null) {
                                LOG.infof("Warm-up of the %s finished late, in %d ms", step.name(), ms);
                            } else {
                                LOG.warnf("Warm-up of the %s failed (late, after %d ms): %s", step.name(), ms, why);
                            }
                        }
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                }
            } finally {
                finished.countDown();
            }
        }, "benchmate-warm-up");
        worker.setDaemon(true);
        worker.start();
        boolean done;
        try {
            done = finished.await(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        synchronized (lock) {
            late[0] = !done;
            List<String> unfinished = new ArrayList<>();
            for (Step step : steps) {
                if (!warmed.containsKey(step.name()) && !failed.containsKey(step.name())) {
                    unfinished.add(step.name());
                }
            }
            return new Report(warmed, failed, unfinished, tookMs);
        }
    }
}
