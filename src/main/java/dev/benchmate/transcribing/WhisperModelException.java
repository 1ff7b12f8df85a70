package dev.benchmate.transcribing;

/** A Whisper model file is missing or unusable; the message names the file and what is wrong. */
public class WhisperModelException extends RuntimeException {
    public WhisperModelException(String message) {
        super(message);
    }
}
