package dev.benchmate.speaking;

import dev.benchmate.media.AudioClip;
import java.util.ArrayList;
import java.util.List;

/**
 * A speaker for tests: plays in real time (a write returns when its block has been "heard", like a
 * device with a small buffer), records what was played and when, and measures the gaps.
 */
final class RecordingSink implements AudioSink {
    record Played(long startNanos, long endNanos, int samples) {
    }

    private final List<Played> played = new ArrayList<>();
    private volatile boolean stopRequested;
    private volatile long stopNanos = -1;
    private long playedUntil = -1;
    private long maxGapNanos;

    @Override
    public void write(AudioClip block) {
        if (stopRequested) {
            stopRequested = false; // a new answer after a stop plays again
        }
        long now = System.nanoTime();
        long start;
        synchronized (this) {
            if (playedUntil > 0 && now > playedUntil) {
                maxGapNanos = Math.max(maxGapNanos, now - playedUntil);
            }
            start = Math.max(now, playedUntil);
            long end = start + (long) (block.seconds() * 1e9);
            playedUntil = end;
            played.add(new Played(start, end, block.samples().length));
        }
        // Block until the block is heard (a device's write blocks while its buffer is full).
        while (System.nanoTime() < playedUntil - 5_000_000 && !stopRequested) {
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public synchronized void stopNow() {
        stopRequested = true;
        stopNanos = System.nanoTime();
        // What was queued is dropped: playback ends now.
        if (playedUntil > stopNanos) {
            playedUntil = stopNanos;
        }
    }

    @Override
    public void drain() {
        while (System.nanoTime() < playedUntil) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
    }

    synchronized List<Played> played() {
        return List.copyOf(played);
    }

    synchronized double maxGapMs() {
        return maxGapNanos / 1e6;
    }

    synchronized double secondsPlayed() {
        return played.stream().mapToDouble(p -> (p.endNanos() - p.startNanos()) / 1e9).sum();
    }

    /** The last moment audio was playing, measured from the stop (0 if nothing played after it). */
    synchronized double playedAfterStopMs() {
        if (stopNanos < 0) {
            return 0;
        }
        long last = played.stream().mapToLong(p -> Math.min(p.endNanos(), playedUntil)).max().orElse(0);
        return Math.max(0, (last - stopNanos) / 1e6);
    }
}
