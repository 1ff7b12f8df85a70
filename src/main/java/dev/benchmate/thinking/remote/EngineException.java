package dev.benchmate.thinking.remote;

import dev.benchmate.thinking.LanguageModelException;

/**
 * The engine on the LAN could not answer a turn: what went wrong ({@link Kind}), the HTTP status
 * when it answered with one (else 0), and whether any of the answer had already been passed on
 * (then another brain cannot take the turn over without repeating it).
 */
public final class EngineException extends LanguageModelException {
    /** What went wrong, in the order a fallback cares about. */
    public enum Kind {
        /** No connection (refused, no route, connect timeout, name not known). */
        UNREACHABLE,
        /** Connected, but the first token did not come within its bound. */
        SLOW_FIRST_TOKEN,
        /** The stream stalled between tokens beyond its bound. */
        STALLED,
        /** The engine answered with an error status (its message is in this one's). */
        ERROR_STATUS,
        /** The stream carried an error, broke off, or could not be read. */
        BROKEN_STREAM
    }

    private final Kind kind;
    private final int status;
    private final boolean answerStarted;

    public EngineException(Kind kind, int status, boolean answerStarted, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.answerStarted = answerStarted;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status the engine answered with, or 0. */
    public int status() {
        return status;
    }

    /** Whether part of the answer had been passed on before it failed. */
    public boolean answerStarted() {
        return answerStarted;
    }
}
