package dev.benchmate.bindings.rknn;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rknn_api.h {@code rknn_perf_run}: answer to RKNN_QUERY_PERF_RUN, in microseconds. */
@FieldOrder({"run_duration"})
public class RknnPerfRun extends Structure {
    public long run_duration;
}
