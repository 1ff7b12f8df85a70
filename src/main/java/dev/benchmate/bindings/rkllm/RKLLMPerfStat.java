package dev.benchmate.bindings.rkllm;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rkllm.h {@code RKLLMPerfStat}: prefill and generate figures of a run. */
@FieldOrder({"prefill_time_ms", "prefill_tokens", "generate_time_ms", "generate_tokens", "memory_usage_mb"})
public class RKLLMPerfStat extends Structure {
    public float prefill_time_ms;
    public int prefill_tokens;
    public float generate_time_ms;
    public int generate_tokens;
    public float memory_usage_mb;
}
