package dev.benchmate.bindings.rkllm.v12;

import com.sun.jna.Pointer;
import com.sun.jna.Union;
import dev.benchmate.bindings.rkllm.RKLLMEmbedInput;
import dev.benchmate.bindings.rkllm.RKLLMTokenInput;

/** The anonymous union inside rkllm.h 1.2.x's {@code RKLLMInput}; which member counts is told by input_type. */
public class RKLLMInputUnion extends Union {
    public Pointer prompt_input;
    public RKLLMEmbedInput embed_input;
    public RKLLMTokenInput token_input;
    public RKLLMMultiModalInput multimodal_input;
}
