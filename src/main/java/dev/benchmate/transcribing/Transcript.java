package dev.benchmate.transcribing;

import java.time.Duration;

/**
 * What the transcriber heard. {@code nothingHeard} is true for empty or non-speech output
 * ("[BLANK_AUDIO]", "(music)", one token repeated): such a transcript never goes to the model.
 */
public record Transcript(String text, boolean nothingHeard, Duration took, double audioSeconds) {
    public double realTimeFactor() {
        return audioSeconds <= 0 ? 0 : took.toNanos() / 1e9 / audioSeconds;
    }
}
