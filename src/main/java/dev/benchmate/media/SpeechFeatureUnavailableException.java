package dev.benchmate.media;

/**
 * A listening feature (wake phrase, transcription) cannot run: its model or native library is
 * missing. The message names the file, where it comes from, and the setting; the rest runs on.
 */
public class SpeechFeatureUnavailableException extends RuntimeException {
    public SpeechFeatureUnavailableException(String message) {
        super(message);
    }

    public SpeechFeatureUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
