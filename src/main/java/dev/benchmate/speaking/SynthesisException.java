package dev.benchmate.speaking;

/** Speech could not be synthesized (no voice, a text the voice cannot say); the message says why. */
public class SynthesisException extends RuntimeException {
    public SynthesisException(String message, Throwable cause) {
        super(message, cause);
    }
}
