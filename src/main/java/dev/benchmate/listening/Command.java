package dev.benchmate.listening;

/** Short spoken commands; they steer the assistant and never go to the model as questions. */
public enum Command {
    STOP, NEW_CONVERSATION, LOOK, REPEAT
}
