package dev.benchmate.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A question that was accepted: its id (the turn id of its events) and its result. The result
 * completes with the {@link TurnResult} once the answer has been spoken (or generated, when it is
 * not spoken); exceptionally with {@link TurnFailedException} when the turn failed, or
 * {@link BusyException} when it waited too long for the NPU.
 */
public record Turn(long id, CompletableFuture<TurnResult> result) {
    /**
     * Waits for the result; a failed turn throws its own exception (TurnFailedException,
     * BusyException), not a wrapper.
     */
    public TurnResult await(Duration timeout) {
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while turn " + id + " was answered", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("turn " + id + " did not end within " + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("turn " + id + " failed: " + e.getCause(), e.getCause());
        }
    }
}
