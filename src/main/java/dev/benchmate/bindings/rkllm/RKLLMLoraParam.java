package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rkllm.h {@code RKLLMLoraParam}: which loaded LoRA adapter a run uses. */
@FieldOrder({"lora_adapter_name"})
public class RKLLMLoraParam extends Structure {
    public Pointer lora_adapter_name;
}
