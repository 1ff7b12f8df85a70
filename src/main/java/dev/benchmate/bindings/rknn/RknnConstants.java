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
    public static final int RKNN_ERR_DEVICE_UNMATCH = -10;
    public static final int RKNN_ERR_INCOMPATILE_PRE_COMPILE_MODEL = -11;
    public static final int RKNN_ERR_INCOMPATILE_OPTIMIZATION_LEVEL_VERSION = -12;
    public static final int RKNN_ERR_TARGET_PLATFORM_UNMATCH = -13;

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
            case RKNN_ERR_FAIL -> "RKNN_ERR_FAIL: the runtime failed (its own log on stderr says why)";
            case RKNN_ERR_TIMEOUT -> "RKNN_ERR_TIMEOUT: the NPU did not finish in time";
            case RKNN_ERR_DEVICE_UNAVAILABLE -> "RKNN_ERR_DEVICE_UNAVAILABLE: the NPU cannot be reached (is the RKNPU "
                    + "driver loaded? dmesg | grep -i rknpu; may this user open its device?)";
            case RKNN_ERR_MALLOC_FAIL -> "RKNN_ERR_MALLOC_FAIL: out of memory";
            case RKNN_ERR_PARAM_INVALID -> "RKNN_ERR_PARAM_INVALID: a parameter was refused (e.g. an NPU core mask "
                    + "naming a core this SoC does not have)";
            case RKNN_ERR_MODEL_INVALID -> "RKNN_ERR_MODEL_INVALID: not an .rknn model this runtime can read "
                    + "(a damaged file, or one from a newer rknn-toolkit2 than librknnrt.so)";
            case RKNN_ERR_CTX_INVALID -> "RKNN_ERR_CTX_INVALID: the model's context is no longer valid";
            case RKNN_ERR_INPUT_INVALID -> "RKNN_ERR_INPUT_INVALID: the picture tensor is not what the model takes";
            case RKNN_ERR_OUTPUT_INVALID -> "RKNN_ERR_OUTPUT_INVALID: the outputs asked for are not the model's";
            case RKNN_ERR_DEVICE_UNMATCH -> "RKNN_ERR_DEVICE_UNMATCH: librknnrt.so does not match this NPU's "
                    + "driver or firmware (update the runtime and the RKNPU driver together)";
            case RKNN_ERR_INCOMPATILE_PRE_COMPILE_MODEL -> "RKNN_ERR_INCOMPATILE_PRE_COMPILE_MODEL: the model was "
                    + "pre-compiled for another driver version (convert it again without pre-compilation, or for "
                    + "this driver)";
            case RKNN_ERR_INCOMPATILE_OPTIMIZATION_LEVEL_VERSION -> "RKNN_ERR_INCOMPATILE_OPTIMIZATION_LEVEL_VERSION: "
                    + "the model's optimization level does not fit this driver (convert it again with the "
                    + "rknn-toolkit2 that matches librknnrt.so)";
            case RKNN_ERR_TARGET_PLATFORM_UNMATCH -> "RKNN_ERR_TARGET_PLATFORM_UNMATCH: target platform mismatch, the "
                    + ".rknn model was converted for another SoC (convert it with rknn-toolkit2 for this board's "
                    + "target_platform, e.g. rk3576, or fetch the model made for it)";
            default -> "error " + code + " (not one of rknn_api.h's codes)";
        };
    }
}
