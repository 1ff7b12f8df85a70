package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rkllm.h {@code RKLLMPromptCacheParam}: save the prompt cache of a run to a file. */
@FieldOrder({"save_prompt_cache", "prompt_cache_path"})
public class RKLLMPromptCacheParam extends Structure {
    public int save_prompt_cache;
    public Pointer prompt_cache_path;
}
