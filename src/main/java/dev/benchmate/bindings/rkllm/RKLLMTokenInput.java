package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rkllm.h {@code RKLLMTokenInput}: token ids. */
@FieldOrder({"input_ids", "n_tokens"})
public class RKLLMTokenInput extends Structure {
    public Pointer input_ids;
    public long n_tokens;
}
