package dev.benchmate.bindings.rknn;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * rknn_api.h {@code rknn_output}: one element of the array given to {@code rknn_outputs_get}.
 * Unless is_prealloc, buf belongs to the runtime until {@code rknn_outputs_release}.
 */
@FieldOrder({"want_float", "is_prealloc", "index", "buf", "size"})
public class RknnOutput extends Structure {
    public byte want_float;
    public byte is_prealloc;
    public int index;
    public Pointer buf;
    public int size;

    public RknnOutput() {
    }

    public RknnOutput(Pointer p) {
        super(p);
    }
}
