package dev.benchmate.listening;

import java.util.Locale;

/**
 * What the echo canceller achieved so far.
 *
 * @param erleDb echo return loss enhancement: microphone over canceller output (before the
 *               preprocessor, which would flatter it), over frames of echo alone after the first
 *               second of played audio; NaN before there are any
 * @param erleSeconds how much audio that figure comes from
 * @param delayMs the estimated delay from playback to microphone; NaN before it is known
 * @param alignMs how much the played audio is held back before it meets the microphone
 * @param playedSeconds audio during which something played (within the filter length)
 * @param droppedReferenceMs played audio dropped because capture fell behind
 * @param residualGainDb what the detection gate expects of the residual, relative to the played audio
 * @param suppressedSeconds audio the gate judged echo alone and quietened
 * @param echoMoves how often the speaker, started again or slipped, put its echo elsewhere
 *                  against capture and the played audio was moved with it
 * @param echoMovedMs how far, all moves together
 */
public record EchoStats(double erleDb, double erleSeconds, double delayMs, double alignMs, double playedSeconds,
        double droppedReferenceMs, double residualGainDb, double suppressedSeconds, int echoMoves, double echoMovedMs) {
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ERLE %s over %.1f s of echo alone; delay %s, played audio held back %.0f ms; "
                        + "%.1f s with audio playing, %.1f s of it quietened as echo; %.0f ms of played audio dropped",
                Double.isNaN(erleDb) ? "not measured" : String.format(Locale.ROOT, "%.1f dB", erleDb), erleSeconds,
                Double.isNaN(delayMs) ? "not estimated" : String.format(Locale.ROOT, "%.0f ms", delayMs), alignMs,
                playedSeconds, suppressedSeconds, droppedReferenceMs)
                + (echoMoves == 0 ? "" : String.format(Locale.ROOT, "; the echo moved %d times (%.2f ms in all) and was followed",
                        echoMoves, echoMovedMs));
    }
}
