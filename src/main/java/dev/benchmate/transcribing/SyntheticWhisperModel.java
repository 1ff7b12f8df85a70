package dev.benchmate.transcribing;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a whisper.cpp ggml model file with the real layout (hyper-parameters, a mel filter bank,
 * a vocabulary, every tensor with its name and shape) and random weights. Its transcripts are
 * meaningless; it exists so that loading, audio conversion, parameters, timing and error handling
 * can be tested and measured where no real model can be downloaded. Say so wherever it is used.
 */
public final class SyntheticWhisperModel {
    private SyntheticWhisperModel() {
    }

    public static Path write(Path file, WhisperHyperParameters h, long seed) throws IOException {
        return write(file, h, seed, false);
    }

    /**
     * @param decoderEndsAtOnce the decoder's last layer norm gives the same vector whatever it is
     *                          given, and only the end-of-text token's embedding answers it: the
     *                          decoder says one token and stops, as on a short question, instead of
     *                          running to its limit and retrying at higher temperatures as random
     *                          weights make it. The encoder (what a sized window changes) still does
     *                          all its real work. For benchmarks.
     */
    public static Path write(Path file, WhisperHyperParameters h, long seed, boolean decoderEndsAtOnce)
            throws IOException {
        Random random = new Random(seed);
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             DataOutputStream out = new DataOutputStream(raw)) {
            int32(out, WhisperModelFile.MAGIC);
            for (int v : new int[] {h.nVocab(), h.nAudioCtx(), h.nAudioState(), h.nAudioHead(), h.nAudioLayer(),
                    h.nTextCtx(), h.nTextState(), h.nTextHead(), h.nTextLayer(), h.nMels(), h.ftype()}) {
                int32(out, v);
            }
            float[][] filters = melFilterBank(h.nMels(), 201, 16_000);
            int32(out, h.nMels());
            int32(out, 201);
            for (float[] row : filters) {
                for (float v : row) {
                    float32(out, v);
                }
            }
            // A short vocabulary; whisper.cpp names the remaining ids itself ("[_extra_token_N]").
            // " " must be there: whisper.cpp looks it up by text when it suppresses blank output.
        String[] words = {"!", "\"", "#", " ", " the", " a", " and", " bench", " chip", " wire", " red"};
            int32(out, words.length);
            for (String w : words) {
                byte[] b = w.getBytes(StandardCharsets.UTF_8);
                int32(out, b.length);
                out.write(b);
            }
            for (WhisperTensorLayout.Tensor t : WhisperTensorLayout.of(h).values()) {
                byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
                int32(out, t.ne().length);
                int32(out, name.length);
                int32(out, t.type().id);
                for (int d : t.ne()) {
                    int32(out, d);
                }
                out.write(name);
                if (decoderEndsAtOnce && isDecisive(t.name())) {
                    writeDecisive(out, t, random, h);
                } else {
                    writeData(out, t, random);
                }
            }
        }
        return file;
    }

    private static boolean isDecisive(String name) {
        return name.equals("decoder.ln.weight") || name.equals("decoder.ln.bias")
                || name.equals("decoder.token_embedding.weight");
    }

    /** whisper.cpp's end-of-text id: 50256, one more in multilingual vocabularies. */
    static int endOfText(WhisperHyperParameters h) {
        return h.nVocab() >= 51865 ? 50257 : 50256;
    }

    /** The three tensors that make the decoder end at once (see {@link #write(Path, WhisperHyperParameters, long, boolean)}). */
    private static void writeDecisive(DataOutputStream out, WhisperTensorLayout.Tensor t, Random r,
                                      WhisperHyperParameters h) throws IOException {
        long n = t.elements();
        if (t.name().equals("decoder.ln.weight")) {
            for (long i = 0; i < n; i++) {
                float32(out, 0f);
            }
            return;
        }
        if (t.name().equals("decoder.ln.bias")) {
            for (long i = 0; i < n; i++) {
                float32(out, i == 0 ? 8f : 0f);
            }
            return;
        }
        int rowLength = t.ne()[0];
        int eot = endOfText(h);
        switch (t.type()) {
            case Q8_0 -> {
                byte[] q = new byte[32];
                int blocksPerRow = rowLength / 32;
                for (long b = 0; b < n / 32; b++) {
                    long row = b / blocksPerRow;
                    boolean first = b % blocksPerRow == 0;
                    r.nextBytes(q);
                    if (first && row == eot) {
                        float16(out, 1f);
                        q[0] = 127;
                    } else {
                        float16(out, 0.02f / 127f * 3f);
                        if (first) {
                            q[0] = 0;
                        }
                    }
                    out.write(q);
                }
            }
            case F16, F32 -> {
                for (long i = 0; i < n; i++) {
                    long row = i / rowLength;
                    float v = i % rowLength == 0 ? (row == eot ? 127f : 0f) : (float) (r.nextGaussian() * 0.02);
                    if (t.type() == GgmlType.F16) {
                        float16(out, v);
                    } else {
                        float32(out, v);
                    }
                }
            }
            default -> throw new IllegalArgumentException("cannot write " + t.type());
        }
    }

    private static void writeData(DataOutputStream out, WhisperTensorLayout.Tensor t, Random r) throws IOException {
        long n = t.elements();
        boolean norm = t.name().endsWith("ln.weight") || t.name().contains("_ln.weight")
                || t.name().endsWith("ln_post.weight");
        switch (t.type()) {
            case F32 -> {
                for (long i = 0; i < n; i++) {
                    float32(out, norm ? 1f : (float) (r.nextGaussian() * 0.02));
                }
            }
            case F16 -> {
                for (long i = 0; i < n; i++) {
                    float16(out, (float) (r.nextGaussian() * 0.02));
                }
            }
            case Q8_0 -> {
                byte[] q = new byte[32];
                for (long b = 0; b < n / 32; b++) {
                    float16(out, 0.02f / 127f * 3f); // the block's scale
                    r.nextBytes(q);
                    out.write(q);
                }
            }
            default -> throw new IllegalArgumentException("cannot write " + t.type());
        }
    }

    /** Triangular filters on the mel scale over the 201 bins of a 400-point FFT. */
    static float[][] melFilterBank(int nMels, int nFft, int rate) {
        double maxMel = mel(rate / 2.0);
        double[] centersHz = new double[nMels + 2];
        for (int i = 0; i < centersHz.length; i++) {
            centersHz[i] = hz(maxMel * i / (nMels + 1));
        }
        float[][] f = new float[nMels][nFft];
        for (int m = 0; m < nMels; m++) {
            double lo = centersHz[m];
            double mid = centersHz[m + 1];
            double hi = centersHz[m + 2];
            for (int k = 0; k < nFft; k++) {
                double hzK = k * (rate / 2.0) / (nFft - 1);
                double v = hzK < lo || hzK > hi ? 0 : hzK <= mid ? (hzK - lo) / (mid - lo) : (hi - hzK) / (hi - mid);
                f[m][k] = (float) (v * 2.0 / (hi - lo));
            }
        }
        return f;
    }

    private static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    private static double hz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    private static void int32(DataOutputStream out, int v) throws IOException {
        out.writeInt(Integer.reverseBytes(v));
    }

    private static void float32(DataOutputStream out, float v) throws IOException {
        int32(out, Float.floatToIntBits(v));
    }

    private static void float16(DataOutputStream out, float v) throws IOException {
        out.writeShort(Short.reverseBytes(toHalf(v)));
    }

    /** IEEE half precision, truncating; tiny values flush to zero (Java 17 has no Float.floatToFloat16). */
    static short toHalf(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mantissa = bits & 0x7fffff;
        if (exp <= 0) {
            return (short) sign;
        }
        if (exp >= 31) {
            return (short) (sign | 0x7c00);
        }
        return (short) (sign | (exp << 10) | (mantissa >>> 13));
    }
}
