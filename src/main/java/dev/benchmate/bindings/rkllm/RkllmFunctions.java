package dev.benchmate.bindings.rkllm;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The functions of rkllm.h that are declared the same in runtime 1.2.x and 1.3.x (see
 * ../shared/abi/*.functions). Strings are passed as pointers to UTF-8 memory the caller owns, never
 * as Java Strings, so the encoding does not depend on the JVM's locale. Beware: rkllm_is_running has
 * the same declaration but opposite meanings (1.3.x: 1 while running; 1.2.x: 0 while running).
 */
public interface RkllmFunctions extends Library {
    int rkllm_load_lora(Pointer handle, RKLLMLoraAdapter loraAdapter);

    int rkllm_load_prompt_cache(Pointer handle, Pointer promptCachePath);

    int rkllm_release_prompt_cache(Pointer handle);

    int rkllm_destroy(Pointer handle);

    int rkllm_abort(Pointer handle);

    int rkllm_is_running(Pointer handle);

    int rkllm_clear_kv_cache(Pointer handle, int keepSystemPrompt, Pointer startPos, Pointer endPos);

    int rkllm_get_kv_cache_size(Pointer handle, int[] cacheSizes);

    int rkllm_set_chat_template(Pointer handle, Pointer systemPrompt, Pointer promptPrefix, Pointer promptPostfix);

    int rkllm_set_function_tools(Pointer handle, Pointer systemPrompt, Pointer tools, Pointer toolResponseStr);

    int rkllm_set_cross_attn_params(Pointer handle, RKLLMCrossAttnParam crossAttnParams);
}
