package dev.benchmate.bindings.rknn;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rknn_api.h {@code rknn_input}: one element of the array given to {@code rknn_inputs_set}. */
@FieldOrder({"index", "buf", "size", "pass_through", "type", "fmt"})
public class RknnInput extends Structure {
    public int index;
    public Pointer buf;
    public int size;
    public byte pass_through;
    public int type;
    public int fmt;

    public RknnInput() {
    }

    public RknnInput(Pointer p) {
        super(p);
    }
}
