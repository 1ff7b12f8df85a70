package dev.benchmate.bindings.rknn;

/** The rknn_api.h constants Benchmate uses: error codes, query commands, tensor types and formats, core masks. */
public final class RknnConstants {
    public static final int RKNN_SUCC = 0;
    public static final int RKNN_ERR_FAIL = -1;
    public static final int RKNN_ERR_TIMEOUT = -2;
    public static final int RKNN_ERR_DEVICE_UNAVAILABLE = -3;
    public static final int RKNN_ERR_MALLOC_FAIL = -4;
    public static final int RKNN_ERR_PARAM_INVALID = -5;
    public static final int RKNN_ERR_MODEL_INVALID = -6;
    public static final int RKNN_ERR_CTX_INVALID = -7;
    public static final int RKNN_ERR_INPUT_INVALID = -8;
    public static final int RKNN_ERR_OUTPUT_INVALID = -9;

    public static final int RKNN_QUERY_IN_OUT_NUM = 0;
    public static final int RKNN_QUERY_INPUT_ATTR = 1;
    public static final int RKNN_QUERY_OUTPUT_ATTR = 2;
    public static final int RKNN_QUERY_PERF_RUN = 4;
    public static final int RKNN_QUERY_SDK_VERSION = 5;

    public static final int RKNN_TENSOR_FLOAT32 = 0;
    public static final int RKNN_TENSOR_FLOAT16 = 1;
    public static final int RKNN_TENSOR_INT8 = 2;
    public static final int RKNN_TENSOR_UINT8 = 3;

    public static final int RKNN_TENSOR_NCHW = 0;
    public static final int RKNN_TENSOR_NHWC = 1;
    public static final int RKNN_TENSOR_NC1HWC2 = 2;
    public static final int RKNN_TENSOR_UNDEFINED = 3;

    public static final int RKNN_NPU_CORE_AUTO = 0;
    public static final int RKNN_NPU_CORE_0 = 1;
    public static final int RKNN_NPU_CORE_1 = 2;
    public static final int RKNN_NPU_CORE_2 = 4;
    public static final int RKNN_NPU_CORE_0_1 = 3;
    public static final int RKNN_NPU_CORE_0_1_2 = 7;
    public static final int RKNN_NPU_CORE_ALL = 0xffff;

    private RknnConstants() {
    }

    /** A line a person can act on, for a return code of the runtime. */
    public static String describe(int code) {
        return switch (code) {
            case RKNN_SUCC -> "success";
            case RKNN_ERR_FAIL -> "failed";
            case RKNN_ERR_TIMEOUT -> "timed out";
            case RKNN_ERR_DEVICE_UNAVAILABLE -> "NPU device unavailable (is the RKNPU driver loaded?)";
            case RKNN_ERR_MALLOC_FAIL -> "out of memory";
            case RKNN_ERR_PARAM_INVALID -> "invalid parameter";
            case RKNN_ERR_MODEL_INVALID -> "invalid model file";
            case RKNN_ERR_CTX_INVALID -> "invalid context";
            case RKNN_ERR_INPUT_INVALID -> "invalid input";
            case RKNN_ERR_OUTPUT_INVALID -> "invalid output";
            default -> "error " + code;
        };
    }
}
