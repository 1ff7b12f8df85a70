package dev.benchmate.bindings.rkllm.v12;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.benchmate.bindings.rkllm.LLMResultCallback;
import dev.benchmate.bindings.rkllm.RkllmFunctions;

/**
 * The functions of rkllm.h 1.2.x whose parameters differ from 1.3.x; the rest are in
 * {@link RkllmFunctions}. {@code rkllm_is_running} returns 0 while a task is running in 1.2.x.
 */
public interface Rkllm12Library extends RkllmFunctions {
    RKLLMParam.ByValue rkllm_createDefaultParam();

    /** 1.2.x: the result callback function itself (1.3.x takes an RKLLMCallback struct). */
    int rkllm_init(PointerByReference handle, RKLLMParam param, LLMResultCallback callback);

    int rkllm_run(Pointer handle, RKLLMInput input, RKLLMInferParam inferParams, Pointer userdata);

    int rkllm_run_async(Pointer handle, RKLLMInput input, RKLLMInferParam inferParams, Pointer userdata);
}
