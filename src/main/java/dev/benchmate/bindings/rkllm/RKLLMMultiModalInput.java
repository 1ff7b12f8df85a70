package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rkllm.h {@code RKLLMMultiModalInput}: a prompt with {@code <image>} plus the picture's embeddings. */
@FieldOrder({"prompt", "image", "video"})
public class RKLLMMultiModalInput extends Structure {
    public Pointer prompt;
    public RKLLMImageInput image;
    public RKLLMVideoInput video;
}
