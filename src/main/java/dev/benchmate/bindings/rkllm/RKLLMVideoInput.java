package dev.benchmate.bindings.rkllm;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** The {@code video} member of rkllm.h's {@code RKLLMMultiModalInput}; Benchmate leaves it zeroed. */
@FieldOrder({"video_embed", "n_frame_tokens", "n_frame_per_video", "n_video", "video_start", "video_end",
        "video_content", "frame_width", "frame_height"})
public class RKLLMVideoInput extends Structure {
    public Pointer video_embed;
    public long n_frame_tokens;
    public long n_frame_per_video;
    public long n_video;
    public Pointer video_start;
    public Pointer video_end;
    public Pointer video_content;
    public long frame_width;
    public long frame_height;
}
