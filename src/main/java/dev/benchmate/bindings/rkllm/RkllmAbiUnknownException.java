package dev.benchmate.bindings.rkllm;

/**
 * benchmate.npu.rkllm-api is auto and the runtime library does not say which ABI it speaks: the
 * brain is not loaded (a wrong guess crashes in rkllm_init or silently drops keep_history).
 */
public final class RkllmAbiUnknownException extends RuntimeException {
    public RkllmAbiUnknownException(String message) {
        super(message);
    }
}
