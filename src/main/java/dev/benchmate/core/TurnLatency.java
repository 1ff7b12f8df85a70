package dev.benchmate.core;

import java.util.Locale;

/**
 * Where one turn's time went, in milliseconds from the end of the question (speech end, or the
 * moment a typed question arrived).
 *
 * @param transcriptMs speech end to transcript (0 for typed questions)
 * @param visionEncodeMs the encoder's own time (0 without a new picture)
 * @param visionHiddenMs how much of it ran while the person was still speaking
 * @param prefillMs the runtime's prefill time
 * @param firstTokenMs question end to the first token
 * @param firstAudioMs question end to the first audio (-1 if nothing was spoken)
 * @param totalMs question end to the end of the spoken answer
 * @param thinker what answered: npu, or remote (an engine on the LAN: prefillMs is then its time to
 *                the first token, from the request)
 */
public record TurnLatency(double transcriptMs, double visionEncodeMs, double visionHiddenMs, double prefillMs,
                          double firstTokenMs, double firstAudioMs, double totalMs, String thinker) {
    /** A turn answered on the NPU. */
    public TurnLatency(double transcriptMs, double visionEncodeMs, double visionHiddenMs, double prefillMs,
                       double firstTokenMs, double firstAudioMs, double totalMs) {
        this(transcriptMs, visionEncodeMs, visionHiddenMs, prefillMs, firstTokenMs, firstAudioMs, totalMs, "npu");
    }

    /** A turn's latency record with its turn id. */
    public record OfTurn(long turn, TurnLatency latency) {
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "transcript %.0f ms | vision %.0f ms (%.0f ms of it before speech end) | "
                        + "prefill %.0f ms | first token %.0f ms | first audio %.0f ms | total %.0f ms",
                transcriptMs, visionEncodeMs, visionHiddenMs, prefillMs, firstTokenMs, firstAudioMs, totalMs)
                + ("npu".equals(thinker) ? "" : " | on the " + thinker + " engine");
    }
}
