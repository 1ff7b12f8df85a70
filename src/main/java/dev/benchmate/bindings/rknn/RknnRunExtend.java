package dev.benchmate.bindings.rknn;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rknn_api.h {@code rknn_run_extend}. */
@FieldOrder({"frame_id", "non_block", "timeout_ms", "fence_fd"})
public class RknnRunExtend extends Structure {
    public long frame_id;
    public int non_block;
    public int timeout_ms;
    public int fence_fd;
}
