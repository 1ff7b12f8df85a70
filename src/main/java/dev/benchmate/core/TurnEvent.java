package dev.benchmate.core;

/**
 * What Benchmate does, as events for its subscribers: the log, the earcons, and the web console.
 * The hub wraps each in an {@link Event} with its turn id and time.
 */
public sealed interface TurnEvent {
    record StateChanged(TurnState state) implements TurnEvent {
    }

    /** The wake phrase alone was heard: Benchmate listens for the question. */
    record Woken() implements TurnEvent {
    }

    /** An utterance that was not for Benchmate (no wake phrase, or Benchmate was speaking), and why. */
    record Ignored(String why) implements TurnEvent {
    }

    /** A person spoke over Benchmate's answer (barge-in on speech): the answer stopped, their words are heard. */
    record BargedIn() implements TurnEvent {
    }

    /** A spoken command was taken (stop, new conversation, look, repeat). */
    record CommandTaken(String command) implements TurnEvent {
    }

    /** A question was accepted from a front door and waits for the NPU (or starts at once). */
    record Accepted(FrontDoor from, int waiting) implements TurnEvent {
    }

    record Transcribed(String text) implements TurnEvent {
    }

    /** The frame that goes with the question; the picture itself is kept by the assistant. */
    record PictureTaken(String source, int width, int height) implements TurnEvent {
    }

    record Token(String text) implements TurnEvent {
    }

    record ConversationRestarted(String why) implements TurnEvent {
    }

    record Answered(String question, String answer, boolean pictureAttached, boolean stopped, TurnLatency latency)
            implements TurnEvent {
    }

    /**
     * Something failed.
     *
     * @param stage where
     * @param cause what a person can read and act on
     * @param turnGoesOn true when the turn went on without it (a picture left out, an answer shown but
     *                   not spoken); false when the turn ended without an answer
     */
    record Failed(Stage stage, String cause, boolean turnGoesOn) implements TurnEvent {
    }

    /** A subscriber's queue was full: this many events were not delivered to it. */
    record EventsDropped(long count) implements TurnEvent {
    }
}
