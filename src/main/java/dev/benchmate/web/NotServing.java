package dev.benchmate.web;

/** Benchmate cannot take the request now: it is starting, or could not start (why), or is busy. */
public class NotServing extends RuntimeException {
    private final int status;
    private final long retryAfterSeconds;

    public NotServing(int status, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** Seconds after which trying again makes sense; 0: not said. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
