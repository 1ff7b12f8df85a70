package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rkllm.h {@code RKLLMExtendParam}: platform and CPU placement of an LLM instance. */
@FieldOrder({"base_domain_id", "embed_flash", "enabled_cpus_num", "enabled_cpus_mask", "n_batch",
        "use_cross_attn", "reserved"})
public class RKLLMExtendParam extends Structure {
    public int base_domain_id;
    public byte embed_flash;
    public byte enabled_cpus_num;
    public int enabled_cpus_mask;
    public byte n_batch;
    public byte use_cross_attn;
    public byte[] reserved = new byte[104];

    public RKLLMExtendParam() {
    }

    public RKLLMExtendParam(Pointer p) {
        super(p);
    }
}
