package dev.benchmate.bindings.rkllm;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;

/** rkllm.h {@code LLMGetEmbedCallback}, for models without an internal embedding layer. */
public interface LLMGetEmbedCallback extends Callback {
    int invoke(Pointer userdata, Pointer tokens, long numTokens, Pointer embed, long len);
}
