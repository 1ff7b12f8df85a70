package dev.benchmate.bindings.rknn;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rknn_api.h {@code rknn_output_extend}. */
@FieldOrder({"frame_id"})
public class RknnOutputExtend extends Structure {
    public long frame_id;
}
