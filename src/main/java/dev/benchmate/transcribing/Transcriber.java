package dev.benchmate.transcribing;

import dev.benchmate.media.AudioClip;

/** The port to speech-to-text: one utterance of 16 kHz mono audio in, its text out. */
public interface Transcriber extends AutoCloseable {
    Transcript transcribe(AudioClip utterance);

    @Override
    void close();
}
