package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rkllm.h {@code RKLLMResult}: what the result callback receives. Owned by the runtime. */
@FieldOrder({"text", "token_id", "last_hidden_layer", "logits", "perf"})
public class RKLLMResult extends Structure {
    /** Bytes of generated text, NUL-terminated; may end inside a UTF-8 character (RKLLM_RUN_WAITING). */
    public Pointer text;
    public int token_id;
    public RKLLMResultLastHiddenLayer last_hidden_layer;
    public RKLLMResultLogits logits;
    public RKLLMPerfStat perf;

    public RKLLMResult() {
    }

    /** A view of the runtime's struct; call {@link #read()} to copy its fields. */
    public RKLLMResult(Pointer p) {
        super(p);
    }
}
