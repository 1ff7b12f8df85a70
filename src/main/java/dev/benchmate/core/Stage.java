package dev.benchmate.core;

/** The part of Benchmate a failure or a stuck verdict belongs to. */
public enum Stage {
    /** Reading the microphone and cutting utterances. */
    CAPTURE,
    /** Spotting the wake phrase and commands, applying the hands-free rules. */
    DISPATCH,
    TRANSCRIBING,
    /** Taking a frame from the camera. */
    CAMERA,
    /** The vision encoder. */
    VISION,
    /** The language model. */
    THINKING,
    /** Synthesis and playback of an answer. */
    SPEAKING,
    EARCON,
    /** The turn as a whole (queueing, a turn that does not end). */
    TURN,
    /** An event subscriber (the log, a web client, metrics). */
    EVENTS
}
