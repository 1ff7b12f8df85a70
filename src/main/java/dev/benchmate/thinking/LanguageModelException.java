package dev.benchmate.thinking;

/** The language model runtime failed to load or to run; the message says what and why. */
public class LanguageModelException extends RuntimeException {
    public LanguageModelException(String message) {
        super(message);
    }

    public LanguageModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
