package dev.benchmate.core;

/** Everything a turn does, as events for the service, its logs and (later) the web console. */
public sealed interface TurnEvent {
    record StateChanged(TurnState state) implements TurnEvent {
    }

    record Transcribed(String text) implements TurnEvent {
    }

    record Token(String text) implements TurnEvent {
    }

    record ConversationRestarted(String why) implements TurnEvent {
    }

    record Answered(String question, String answer, boolean pictureAttached, TurnLatency latency)
            implements TurnEvent {
    }

    record Failed(String message) implements TurnEvent {
    }
}
