package dev.benchmate.transcribing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every tensor a whisper.cpp model has, with its shape (ne0, ne1, ne2: innermost first) and type,
 * as whisper.cpp's loader expects them for given hyper-parameters. The file's tensors must match
 * these exactly, or whisper.cpp refuses (or, for a cut-off file, may crash) the load.
 */
final class WhisperTensorLayout {
    record Tensor(String name, int[] ne, GgmlType type) {
        long elements() {
            long n = 1;
            for (int d : ne) {
                n *= d;
            }
            return n;
        }
    }

    private WhisperTensorLayout() {
    }

    static Map<String, Tensor> of(WhisperHyperParameters h) {
        GgmlType w = GgmlType.forFtype(h.baseFtype());
        GgmlType conv = w == GgmlType.F32 ? GgmlType.F32 : GgmlType.F16;
        GgmlType f32 = GgmlType.F32;
        List<Tensor> t = new ArrayList<>();
        int as = h.nAudioState();
        t.add(new Tensor("encoder.positional_embedding", new int[] {as, h.nAudioCtx()}, f32));
        t.add(new Tensor("encoder.conv1.weight", new int[] {3, h.nMels(), as}, conv));
        t.add(new Tensor("encoder.conv1.bias", new int[] {1, as}, f32));
        t.add(new Tensor("encoder.conv2.weight", new int[] {3, as, as}, conv));
        t.add(new Tensor("encoder.conv2.bias", new int[] {1, as}, f32));
        t.add(new Tensor("encoder.ln_post.weight", new int[] {as}, f32));
        t.add(new Tensor("encoder.ln_post.bias", new int[] {as}, f32));
        for (int i = 0; i < h.nAudioLayer(); i++) {
            block(t, "encoder.blocks." + i, as, w, false);
        }
        int ts = h.nTextState();
        t.add(new Tensor("decoder.positional_embedding", new int[] {ts, h.nTextCtx()}, f32));
        t.add(new Tensor("decoder.token_embedding.weight", new int[] {ts, h.nVocab()}, w));
        t.add(new Tensor("decoder.ln.weight", new int[] {ts}, f32));
        t.add(new Tensor("decoder.ln.bias", new int[] {ts}, f32));
        for (int i = 0; i < h.nTextLayer(); i++) {
            block(t, "decoder.blocks." + i, ts, w, true);
        }
        Map<String, Tensor> byName = new LinkedHashMap<>();
        t.forEach(x -> byName.put(x.name(), x));
        return byName;
    }

    private static void block(List<Tensor> t, String p, int s, GgmlType w, boolean cross) {
        GgmlType f32 = GgmlType.F32;
        t.add(new Tensor(p + ".mlp_ln.weight", new int[] {s}, f32));
        t.add(new Tensor(p + ".mlp_ln.bias", new int[] {s}, f32));
        t.add(new Tensor(p + ".mlp.0.weight", new int[] {s, 4 * s}, w));
        t.add(new Tensor(p + ".mlp.0.bias", new int[] {4 * s}, f32));
        t.add(new Tensor(p + ".mlp.2.weight", new int[] {4 * s, s}, w));
        t.add(new Tensor(p + ".mlp.2.bias", new int[] {s}, f32));
        attention(t, p + ".attn", p + ".attn_ln", s, w);
        if (cross) {
            attention(t, p + ".cross_attn", p + ".cross_attn_ln", s, w);
        }
    }

    private static void attention(List<Tensor> t, String a, String ln, int s, GgmlType w) {
        GgmlType f32 = GgmlType.F32;
        t.add(new Tensor(ln + ".weight", new int[] {s}, f32));
        t.add(new Tensor(ln + ".bias", new int[] {s}, f32));
        t.add(new Tensor(a + ".query.weight", new int[] {s, s}, w));
        t.add(new Tensor(a + ".query.bias", new int[] {s}, f32));
        t.add(new Tensor(a + ".key.weight", new int[] {s, s}, w));
        t.add(new Tensor(a + ".value.weight", new int[] {s, s}, w));
        t.add(new Tensor(a + ".value.bias", new int[] {s}, f32));
        t.add(new Tensor(a + ".out.weight", new int[] {s, s}, w));
        t.add(new Tensor(a + ".out.bias", new int[] {s}, f32));
    }
}
