package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rkllm.h {@code RKLLMLoraAdapter}, for {@code rkllm_load_lora}. */
@FieldOrder({"lora_adapter_path", "lora_adapter_name", "scale"})
public class RKLLMLoraAdapter extends Structure {
    public Pointer lora_adapter_path;
    public Pointer lora_adapter_name;
    public float scale;
}
