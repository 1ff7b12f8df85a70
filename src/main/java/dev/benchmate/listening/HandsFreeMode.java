package dev.benchmate.listening;

import java.util.Locale;

/** When an utterance counts as a question. */
public enum HandsFreeMode {
    /** After the wake phrase (in the same utterance or just before), or in the follow-up window. */
    WAKE_PHRASE,
    /** Every utterance. */
    ALWAYS_LISTENING,
    /** Only after push-to-talk is pressed (through the service). */
    PUSH_TO_TALK;

    public static HandsFreeMode parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "wake-phrase", "wake" -> WAKE_PHRASE;
            case "always-listening", "always" -> ALWAYS_LISTENING;
            case "push-to-talk", "ptt" -> PUSH_TO_TALK;
            default -> throw new IllegalArgumentException("benchmate.listening.mode is '" + value
                    + "'; it takes wake-phrase, always-listening or push-to-talk");
        };
    }
}
