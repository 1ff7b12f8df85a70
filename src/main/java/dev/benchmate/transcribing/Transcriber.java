package dev.benchmate.transcribing;

import dev.benchmate.media.AudioClip;

/** The port to speech-to-text: one utterance of 16 kHz mono audio in, its text out. */
public interface Transcriber extends AutoCloseable {
    Transcript transcribe(AudioClip utterance);

    /**
     * Does once, at start, what the first transcription would otherwise pay for (state built on
     * first use), so the first question is transcribed as quickly as the tenth. The result is
     * thrown away. Nothing to do for a transcriber without such state.
     *
     * @throws TranscriptionException when it cannot transcribe
     */
    default void warmUp() {
    }

    @Override
    void close();
}
