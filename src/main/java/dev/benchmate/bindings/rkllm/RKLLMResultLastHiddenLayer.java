package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rkllm.h {@code RKLLMResultLastHiddenLayer}. */
@FieldOrder({"hidden_states", "embd_size", "num_tokens"})
public class RKLLMResultLastHiddenLayer extends Structure {
    public Pointer hidden_states;
    public int embd_size;
    public int num_tokens;
}
