package dev.benchmate.bindings.rkllm;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;

/** rkllm.h {@code LLMTokenizerCallback}, for models without an internal tokenizer (not Qwen2.5-VL). */
public interface LLMTokenizerCallback extends Callback {
    int invoke(Pointer userdata, Pointer text, int textLen, Pointer tokens, int nTokensMax);
}
