package dev.benchmate.media;

/** Audio that cannot be used: not a readable WAV, or a format that cannot be turned into 16 kHz mono. */
public class AudioFormatException extends RuntimeException {
    public AudioFormatException(String message) {
        super(message);
    }

    public AudioFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
