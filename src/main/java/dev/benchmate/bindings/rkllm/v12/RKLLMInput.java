package dev.benchmate.bindings.rkllm.v12;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rkllm.h 1.2.x {@code RKLLMInput} (64 bytes): one message for {@code rkllm_run}. */
@FieldOrder({"role", "enable_thinking", "input_type", "input"})
public class RKLLMInput extends Structure {
    /** "user" or "tool". */
    public Pointer role;
    public byte enable_thinking;
    /** One of {@link dev.benchmate.bindings.rkllm.RKLLMInputType}. */
    public int input_type;
    /** The anonymous union of rkllm.h. */
    public RKLLMInputUnion input;

    public RKLLMInput() {
    }

    public RKLLMInput(Pointer p) {
        super(p);
    }
}
