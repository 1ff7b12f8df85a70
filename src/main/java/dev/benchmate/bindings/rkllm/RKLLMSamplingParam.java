package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rkllm.h {@code RKLLMSamplingParam} (1.3.x): per-run override of the init-time sampling. */
@FieldOrder({"top_k", "top_p", "temperature", "repeat_penalty", "frequency_penalty", "presence_penalty",
        "mirostat", "mirostat_tau", "mirostat_eta"})
public class RKLLMSamplingParam extends Structure {
    public int top_k;
    public float top_p;
    public float temperature;
    public float repeat_penalty;
    public float frequency_penalty;
    public float presence_penalty;
    public int mirostat;
    public float mirostat_tau;
    public float mirostat_eta;

    public RKLLMSamplingParam() {
    }

    public RKLLMSamplingParam(Pointer p) {
        super(p);
    }
}
