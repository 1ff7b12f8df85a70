package dev.benchmate.bindings.rkllm;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;

/** rkllm.h {@code LLMResultCallback}: int (*)(RKLLMResult*, void* userdata, LLMCallState). */
public interface LLMResultCallback extends Callback {
    /** Continue generating. */
    int CONTINUE = 0;
    /** Pause the run (rkllm_run returns; a later run resumes). */
    int PAUSE = 1;

    int invoke(Pointer result, Pointer userdata, int state);
}
