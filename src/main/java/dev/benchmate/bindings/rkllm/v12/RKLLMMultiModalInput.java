package dev.benchmate.bindings.rkllm.v12;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * rkllm.h 1.2.x {@code RKLLMMultiModalInput} (48 bytes, flat): a prompt with {@code <image>} plus the
 * pictures' embeddings. The tags around them were given at init (RKLLMParam.img_start …).
 */
@FieldOrder({"prompt", "image_embed", "n_image_tokens", "n_image", "image_width", "image_height"})
public class RKLLMMultiModalInput extends Structure {
    public Pointer prompt;
    /** float*: n_image × n_image_tokens × the model's embedding size. */
    public Pointer image_embed;
    /** size_t */
    public long n_image_tokens;
    /** size_t */
    public long n_image;
    /** size_t */
    public long image_width;
    /** size_t */
    public long image_height;

    public RKLLMMultiModalInput() {
    }

    public RKLLMMultiModalInput(Pointer p) {
        super(p);
    }
}
