package dev.benchmate.bindings.rkllm.v12;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * rkllm.h 1.2.x {@code RKLLMInferParam} (32 bytes): how one {@code rkllm_run} behaves. No sampling
 * and no max_new_tokens of its own: a 1.2.x run uses the values given at init.
 */
@FieldOrder({"mode", "lora_params", "prompt_cache_params", "keep_history"})
public class RKLLMInferParam extends Structure {
    /** One of {@link dev.benchmate.bindings.rkllm.RKLLMInferMode}. */
    public int mode;
    public Pointer lora_params;
    public Pointer prompt_cache_params;
    /** 1: the run's tokens stay in the KV cache (offset 24 here, 32 in 1.3.x). */
    public int keep_history;

    public RKLLMInferParam() {
    }

    public RKLLMInferParam(Pointer p) {
        super(p);
    }
}
