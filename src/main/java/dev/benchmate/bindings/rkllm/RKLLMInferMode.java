package dev.benchmate.bindings.rkllm;

/** rkllm.h {@code RKLLMInferMode}. */
public final class RKLLMInferMode {
    public static final int RKLLM_INFER_GENERATE = 0;
    public static final int RKLLM_INFER_GET_LAST_HIDDEN_LAYER = 1;
    public static final int RKLLM_INFER_GET_LOGITS = 2;

    private RKLLMInferMode() {
    }
}
