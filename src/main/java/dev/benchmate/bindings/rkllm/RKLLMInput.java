package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rkllm.h {@code RKLLMInput}: one message for {@code rkllm_run}. */
@FieldOrder({"role", "enable_thinking", "input_type", "input"})
public class RKLLMInput extends Structure {
    /** "user" or "tool". */
    public Pointer role;
    public byte enable_thinking;
    /** One of {@link RKLLMInputType}. */
    public int input_type;
    /** The anonymous union of rkllm.h. */
    public RKLLMInputUnion input;

    public RKLLMInput() {
    }

    public RKLLMInput(Pointer p) {
        super(p);
    }
}
