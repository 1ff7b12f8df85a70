package dev.benchmate.bindings.rknn;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rknn_api.h {@code rknn_init_extend}. */
@FieldOrder({"ctx", "real_model_offset", "real_model_size", "model_buffer_fd", "model_buffer_flags", "reserved"})
public class RknnInitExtend extends Structure {
    public long ctx;
    public int real_model_offset;
    public int real_model_size;
    public int model_buffer_fd;
    public int model_buffer_flags;
    public byte[] reserved = new byte[112];
}
