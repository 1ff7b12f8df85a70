package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;

/**
 * One stretch of speech: when it started and ended (seconds since listening began, as detected)
 * and its audio, which begins a pre-roll earlier so the first syllable is kept.
 */
public record Utterance(double start, double end, AudioClip audio) {
    public double duration() {
        return end - start;
    }
}
