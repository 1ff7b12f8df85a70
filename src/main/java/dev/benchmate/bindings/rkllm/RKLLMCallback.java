package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rkllm.h {@code RKLLMCallback}: the callbacks {@code rkllm_init} registers. */
@FieldOrder({"result_callback", "result_userdata", "tokenizer_callback", "tokenizer_userdata", "embed_callback",
        "embed_userdata"})
public class RKLLMCallback extends Structure {
    /** Must stay strongly reachable for as long as the handle lives: the runtime keeps the C pointer. */
    public LLMResultCallback result_callback;
    public Pointer result_userdata;
    public LLMTokenizerCallback tokenizer_callback;
    public Pointer tokenizer_userdata;
    public LLMGetEmbedCallback embed_callback;
    public Pointer embed_userdata;
}
