package dev.benchmate.bindings.rknn;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rknn_api.h {@code rknn_tensor_attr}: answer to RKNN_QUERY_INPUT_ATTR / RKNN_QUERY_OUTPUT_ATTR. */
@FieldOrder({"index", "n_dims", "dims", "name", "n_elems", "size", "fmt", "type", "qnt_type", "fl", "zp", "scale",
        "w_stride", "size_with_stride", "pass_through", "h_stride"})
public class RknnTensorAttr extends Structure {
    public static final int RKNN_MAX_DIMS = 16;
    public static final int RKNN_MAX_NAME_LEN = 256;

    /** Set by the caller before the query. */
    public int index;
    public int n_dims;
    public int[] dims = new int[RKNN_MAX_DIMS];
    public byte[] name = new byte[RKNN_MAX_NAME_LEN];
    public int n_elems;
    public int size;
    /** One of {@link RknnConstants}' RKNN_TENSOR_NCHW / NHWC / NC1HWC2 / UNDEFINED. */
    public int fmt;
    /** One of {@link RknnConstants}' RKNN_TENSOR_FLOAT32 … BFLOAT16. */
    public int type;
    public int qnt_type;
    public byte fl;
    public int zp;
    public float scale;
    public int w_stride;
    public int size_with_stride;
    public byte pass_through;
    public int h_stride;

    public RknnTensorAttr() {
    }

    public RknnTensorAttr(Pointer p) {
        super(p);
    }

    public String nameString() {
        return Native.toString(name, "UTF-8");
    }
}
