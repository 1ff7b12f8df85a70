package dev.benchmate.bindings.rknn;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;

/**
 * The librknnrt.so functions the vision encoder needs. rknn_context is uint64_t on the 64-bit
 * boards. Arrays of rknn_input / rknn_output are passed as pointers to contiguous memory the
 * caller owns.
 */
public interface RknnLibrary extends Library {
    int rknn_init(LongByReference context, Pointer model, int size, int flag, Pointer extend);

    int rknn_destroy(long context);

    int rknn_query(long context, int cmd, Pointer info, int size);

    int rknn_set_core_mask(long context, int coreMask);

    int rknn_inputs_set(long context, int nInputs, Pointer inputs);

    int rknn_run(long context, Pointer extend);

    int rknn_outputs_get(long context, int nOutputs, Pointer outputs, Pointer extend);

    int rknn_outputs_release(long context, int nOutputs, Pointer outputs);
}
