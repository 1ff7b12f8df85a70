package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.Union;

/** The anonymous union inside rkllm.h's {@code RKLLMInput}; which member counts is told by input_type. */
public class RKLLMInputUnion extends Union {
    public Pointer prompt_input;
    public RKLLMEmbedInput embed_input;
    public RKLLMTokenInput token_input;
    public RKLLMMultiModalInput multimodal_input;
}
