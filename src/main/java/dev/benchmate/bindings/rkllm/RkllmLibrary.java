package dev.benchmate.bindings.rkllm;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * Every function of rkllm.h (RKLLM runtime 1.3.x, librkllmrt.so). Strings are passed as
 * pointers to UTF-8 memory the caller owns, never as Java Strings, so the encoding does not
 * depend on the JVM's locale (a systemd service often runs with none).
 */
public interface RkllmLibrary extends Library {
    RKLLMParam.ByValue rkllm_createDefaultParam();

    int rkllm_init(PointerByReference handle, RKLLMParam param, RKLLMCallback callback);

    int rkllm_load_lora(Pointer handle, RKLLMLoraAdapter loraAdapter);

    int rkllm_load_prompt_cache(Pointer handle, Pointer promptCachePath);

    int rkllm_release_prompt_cache(Pointer handle);

    int rkllm_destroy(Pointer handle);

    int rkllm_run(Pointer handle, RKLLMInput input, RKLLMInferParam inferParams, Pointer userdata);

    int rkllm_run_async(Pointer handle, RKLLMInput input, RKLLMInferParam inferParams, Pointer userdata);

    int rkllm_abort(Pointer handle);

    int rkllm_is_running(Pointer handle);

    int rkllm_clear_kv_cache(Pointer handle, int keepSystemPrompt, Pointer startPos, Pointer endPos);

    int rkllm_get_kv_cache_size(Pointer handle, int[] cacheSizes);

    int rkllm_set_chat_template(Pointer handle, Pointer systemPrompt, Pointer promptPrefix, Pointer promptPostfix);

    int rkllm_set_function_tools(Pointer handle, Pointer systemPrompt, Pointer tools, Pointer toolResponseStr);

    int rkllm_set_cross_attn_params(Pointer handle, RKLLMCrossAttnParam crossAttnParams);
}
