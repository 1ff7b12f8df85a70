package dev.benchmate.bindings.rknn;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rknn_api.h {@code rknn_input_output_num}: answer to RKNN_QUERY_IN_OUT_NUM. */
@FieldOrder({"n_input", "n_output"})
public class RknnInputOutputNum extends Structure {
    public int n_input;
    public int n_output;
}
