package dev.benchmate.core;

import java.time.Duration;

/** The NPU is busy and the question could not wait: its queue is full, or it waited too long. */
public class BusyException extends RuntimeException {
    private final Duration retryAfter;

    public BusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** A fair guess at when to try again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
