package dev.benchmate.bindings.rkllm;

/** rkllm.h {@code RKLLMInputType}. */
public final class RKLLMInputType {
    public static final int RKLLM_INPUT_PROMPT = 0;
    public static final int RKLLM_INPUT_TOKEN = 1;
    public static final int RKLLM_INPUT_EMBED = 2;
    public static final int RKLLM_INPUT_MULTIMODAL = 3;

    private RKLLMInputType() {
    }
}
