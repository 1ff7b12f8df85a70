package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * The {@code image} member of rkllm.h's {@code RKLLMMultiModalInput} (an anonymous struct there).
 * The runtime replaces the literal {@code <image>} in the prompt with image_start, n_image_tokens ×
 * image_content and image_end, and feeds image_embed in place of the content tokens.
 */
@FieldOrder({"image_embed", "n_image_tokens", "n_image", "image_start", "image_end", "image_content",
        "image_width", "image_height"})
public class RKLLMImageInput extends Structure {
    public Pointer image_embed;
    public long n_image_tokens;
    public long n_image;
    public Pointer image_start;
    public Pointer image_end;
    public Pointer image_content;
    public long image_width;
    public long image_height;
}
