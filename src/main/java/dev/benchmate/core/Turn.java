package dev.benchmate.core;

import java.util.concurrent.CompletableFuture;

/**
 * A question that was accepted: its id (the turn id of its events) and its result. The result
 * completes with the {@link TurnResult} once the answer has been spoken (or generated, when it is
 * not spoken); exceptionally with {@link TurnFailedException} when the turn failed, or
 * {@link BusyException} when it waited too long for the NPU.
 */
public record Turn(long id, CompletableFuture<TurnResult> result) {
}
