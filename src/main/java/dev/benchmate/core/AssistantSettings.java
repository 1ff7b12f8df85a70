package dev.benchmate.core;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * How the assistant behaves around the model; the values come from the configuration
 * (benchmate.turns.*, benchmate.vision.picture-words, …), wired in one place.
 *
 * @param idleTimeout after this long without a question, the next one starts a new conversation
 * @param policy which questions get a fresh picture
 * @param queueSize questions from front doors other than the voice that may wait for the NPU
 * @param maxWait how long such a question may wait before it is refused as busy
 * @param turnLimit a turn that has not ended after this long is stuck
 * @param stripWakePhrase removes the wake phrase from the start of a transcript
 */
public record AssistantSettings(Duration idleTimeout, PicturePolicy policy, int queueSize, Duration maxWait,
                                Duration turnLimit, UnaryOperator<String> stripWakePhrase) {
}
