package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rkllm.h {@code RKLLMParam}: what {@code rkllm_init} needs to load a model. C {@code bool} is one byte. */
@FieldOrder({"model_path", "max_context_len", "max_new_tokens", "top_k", "n_keep", "top_p", "temperature",
        "repeat_penalty", "frequency_penalty", "presence_penalty", "mirostat", "mirostat_tau", "mirostat_eta",
        "skip_special_token", "ignore_eos_token", "is_async", "extend_param"})
public class RKLLMParam extends Structure {
    /** const char*, UTF-8; the memory belongs to the caller (see {@link dev.benchmate.bindings.NativeArena}). */
    public Pointer model_path;
    public int max_context_len;
    public int max_new_tokens;
    public int top_k;
    public int n_keep;
    public float top_p;
    public float temperature;
    public float repeat_penalty;
    public float frequency_penalty;
    public float presence_penalty;
    public int mirostat;
    public float mirostat_tau;
    public float mirostat_eta;
    public byte skip_special_token;
    public byte ignore_eos_token;
    public byte is_async;
    public RKLLMExtendParam extend_param;

    public RKLLMParam() {
    }

    public RKLLMParam(Pointer p) {
        super(p);
    }

    /** The form {@code rkllm_createDefaultParam} returns: the struct by value. */
    public static class ByValue extends RKLLMParam implements Structure.ByValue {
    }
}
