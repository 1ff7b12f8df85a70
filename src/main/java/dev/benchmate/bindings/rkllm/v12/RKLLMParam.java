package dev.benchmate.bindings.rkllm.v12;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import dev.benchmate.bindings.rkllm.RKLLMExtendParam;

/**
 * rkllm.h 1.2.x {@code RKLLMParam} (208 bytes): what {@code rkllm_init} needs to load a model. Unlike
 * 1.3.x it has no ignore_eos_token, and carries the image tags, set once for the model's lifetime.
 * C {@code bool} is one byte.
 */
@FieldOrder({"model_path", "max_context_len", "max_new_tokens", "top_k", "n_keep", "top_p", "temperature",
        "repeat_penalty", "frequency_penalty", "presence_penalty", "mirostat", "mirostat_tau", "mirostat_eta",
        "skip_special_token", "is_async", "img_start", "img_end", "img_content", "extend_param"})
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
    public byte is_async;
    /** const char*: the tag before a picture's tokens, e.g. {@code <|vision_start|>}. */
    public Pointer img_start;
    /** const char*: the tag after them. */
    public Pointer img_end;
    /** const char*: the placeholder the picture's embeddings replace. */
    public Pointer img_content;
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
