package dev.benchmate.core;

/** Where a question came from. The voice loop goes before the others on the NPU. */
public enum FrontDoor {
    VOICE, API, OPENAI, COMMAND
}
