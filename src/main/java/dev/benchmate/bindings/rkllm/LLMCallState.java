package dev.benchmate.bindings.rkllm;

/** rkllm.h {@code LLMCallState}: the state argument of the result callback. */
public final class LLMCallState {
    public static final int RKLLM_RUN_NORMAL = 0;
    /** The text so far ends inside a UTF-8 character; the rest comes in the next callback. */
    public static final int RKLLM_RUN_WAITING = 1;
    public static final int RKLLM_RUN_FINISH = 2;
    public static final int RKLLM_RUN_ERROR = 3;

    private LLMCallState() {
    }
}
