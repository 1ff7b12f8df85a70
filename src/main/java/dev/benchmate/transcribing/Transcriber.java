package dev.benchmate.transcribing;

import dev.benchmate.media.AudioClip;

/** The port to speech-to-text: one utterance of 16 kHz mono audio in, its text out. */
public interface Transcriber extends AutoCloseable {
    Transcript transcribe(AudioClip utterance);

    /**
     * The rest of an utterance whose beginning was heard as {@code earlier}: that text primes the
     * transcription (Whisper's initial prompt), and only {@code rest}'s own words come out. A
     * transcriber without prompts transcribes {@code rest} alone.
     */
    default Transcript transcribe(AudioClip rest, String earlier) {
        return transcribe(rest);
    }

    /**
     * Whether it hears any stretch of audio, so parts of an utterance can be transcribed at its
     * pauses; false for one that knows only whole utterances (a scripted recognizer).
     */
    default boolean hearsParts() {
        return true;
    }

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
