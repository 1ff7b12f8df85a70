package dev.benchmate.core;

/**
 * Where an answer goes as it is generated, besides the voice: a streamed HTTP response, a terminal.
 * {@link #text} is called on the language model's callback thread: it must hand the text on and
 * return at once (a bounded queue, a buffer), never block or do I/O there.
 */
public interface AnswerSink {
    AnswerSink NONE = text -> { };

    /** A piece of the answer (whole characters). */
    void text(String piece);
}
