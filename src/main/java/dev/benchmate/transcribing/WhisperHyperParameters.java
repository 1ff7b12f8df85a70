package dev.benchmate.transcribing;

/**
 * The hyper-parameters at the head of a whisper.cpp ggml model file, in file order.
 * ftype: 0 f32, 1 f16, 7 q8_0 (plus 1000 × the quantization version in quantized files).
 */
public record WhisperHyperParameters(int nVocab, int nAudioCtx, int nAudioState, int nAudioHead, int nAudioLayer,
                                     int nTextCtx, int nTextState, int nTextHead, int nTextLayer, int nMels,
                                     int ftype) {
    /** The shape of Whisper-Tiny, as Benchmate runs it on the board (ggml-tiny-q8_0.bin). */
    public static final WhisperHyperParameters TINY_Q8_0 =
            new WhisperHyperParameters(51865, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 2007);

    /** A model small enough to load and run in a unit test; same vocabulary size and audio context. */
    public static final WhisperHyperParameters MINIATURE_F16 =
            new WhisperHyperParameters(51865, 1500, 64, 2, 1, 448, 64, 2, 1, 80, 1);

    public int baseFtype() {
        return ftype % 1000;
    }
}
