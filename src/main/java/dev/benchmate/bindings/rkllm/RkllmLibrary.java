package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * rkllm.h of RKLLM runtime 1.3.x (librkllmrt.so): the functions whose parameters are 1.3.x structs;
 * the ones 1.2.x declares the same are in {@link RkllmFunctions}. 1.2.x: {@code bindings.rkllm.v12}.
 */
public interface RkllmLibrary extends RkllmFunctions {
    RKLLMParam.ByValue rkllm_createDefaultParam();

    int rkllm_init(PointerByReference handle, RKLLMParam param, RKLLMCallback callback);

    int rkllm_run(Pointer handle, RKLLMInput input, RKLLMInferParam inferParams, Pointer userdata);

    int rkllm_run_async(Pointer handle, RKLLMInput input, RKLLMInferParam inferParams, Pointer userdata);
}
