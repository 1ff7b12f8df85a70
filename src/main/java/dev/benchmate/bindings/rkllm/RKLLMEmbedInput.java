package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rkllm.h {@code RKLLMEmbedInput}: n_tokens × n_embed floats. size_t is 64-bit on the boards. */
@FieldOrder({"embed", "n_tokens"})
public class RKLLMEmbedInput extends Structure {
    public Pointer embed;
    public long n_tokens;
}
