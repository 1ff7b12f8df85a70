package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rkllm.h {@code RKLLMInferParam}: how one {@code rkllm_run} behaves. */
@FieldOrder({"mode", "lora_params", "prompt_cache_params", "sampling_params", "keep_history", "max_new_tokens"})
public class RKLLMInferParam extends Structure {
    /** One of {@link RKLLMInferMode}. */
    public int mode;
    public Pointer lora_params;
    public Pointer prompt_cache_params;
    /** RKLLMSamplingParam*, or null to use the init-time sampling. */
    public Pointer sampling_params;
    /** 1: the run's tokens stay in the KV cache, so the next turn only prefills its new tokens. */
    public int keep_history;
    /** Replaces the init value for this run when &gt; 0. */
    public int max_new_tokens;

    public RKLLMInferParam() {
    }

    public RKLLMInferParam(Pointer p) {
        super(p);
    }
}
