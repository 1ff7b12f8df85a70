package dev.benchmate.app.models;

/** A model that could not be fetched, as one line naming the model and the cause. */
public final class ModelFetchException extends RuntimeException {
    public ModelFetchException(String message) {
        super(message);
    }

    public ModelFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
