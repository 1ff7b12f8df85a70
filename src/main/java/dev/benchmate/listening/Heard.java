package dev.benchmate.listening;

/** What an utterance turned out to be, after the hands-free rules. */
public sealed interface Heard {
    /** A question for the model. */
    record Question(Utterance utterance, boolean afterWakePhrase) implements Heard {
    }

    /** A command; it steers the assistant and is not sent to the model. */
    record CommandHeard(Command command, Utterance utterance) implements Heard {
    }

    /** The wake phrase alone: the next utterance is the question. */
    record Woken(Utterance utterance) implements Heard {
    }

    /** Speech that was not for Benchmate (no wake phrase, outside the follow-up window). */
    record Ignored(Utterance utterance, String why) implements Heard {
    }
}
