package dev.benchmate.core;

/** A turn ended without an answer; the stage says where, the message why. */
public class TurnFailedException extends RuntimeException {
    private final Stage stage;
    private final boolean badQuestion;

    public TurnFailedException(Stage stage, String message, boolean badQuestion, Throwable cause) {
        super(message, cause);
        this.stage = stage;
        this.badQuestion = badQuestion;
    }

    public Stage stage() {
        return stage;
    }

    /** The question itself cannot be answered (too long for the context, a picture that cannot be read). */
    public boolean badQuestion() {
        return badQuestion;
    }
}
