package dev.benchmate.listening;

/**
 * Tuning of the speech detector.
 *
 * @param endSilenceMs silence that ends an utterance (short pauses between words do not)
 * @param maxUtteranceMs an utterance is cut here, so a machine that never stops cannot hold the mic
 * @param onsetDb how far above the noise floor a frame must be to count as speech
 * @param holdDb how far above the noise floor a frame must be to keep an utterance going
 */
public record SpeechDetectorSettings(int endSilenceMs, int maxUtteranceMs, double onsetDb, double holdDb) {
    public static final SpeechDetectorSettings DEFAULTS = new SpeechDetectorSettings(700, 15_000, 9.0, 6.0);
}
