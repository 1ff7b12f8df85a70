package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rkllm.h {@code RKLLMResultLogits}. */
@FieldOrder({"logits", "vocab_size", "num_tokens"})
public class RKLLMResultLogits extends Structure {
    public Pointer logits;
    public int vocab_size;
    public int num_tokens;
}
