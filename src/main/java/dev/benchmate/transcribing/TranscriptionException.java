package dev.benchmate.transcribing;

/** One transcription failed; the transcriber stays usable. */
public class TranscriptionException extends RuntimeException {
    public TranscriptionException(String message) {
        super(message);
    }
}
