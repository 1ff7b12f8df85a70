package dev.benchmate.app;

import dev.benchmate.bindings.rknn.RknnConstants;
import java.util.Locale;

/** Parses the NPU core setting: auto, all, 0, 1, 2, 0_1, 0_1_2, or a core count as in the demo (1, 2, 3). */
public final class NpuCoreMask {
    private NpuCoreMask() {
    }

    public static int parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> RknnConstants.RKNN_NPU_CORE_AUTO;
            case "all" -> RknnConstants.RKNN_NPU_CORE_ALL;
            case "0" -> RknnConstants.RKNN_NPU_CORE_0;
            case "1" -> RknnConstants.RKNN_NPU_CORE_1;
            case "2" -> RknnConstants.RKNN_NPU_CORE_2;
            case "0_1" -> RknnConstants.RKNN_NPU_CORE_0_1;
            case "0_1_2" -> RknnConstants.RKNN_NPU_CORE_0_1_2;
            default -> throw new IllegalArgumentException("unknown NPU core mask '" + value
                    + "' (auto, all, 0, 1, 2, 0_1, 0_1_2)");
        };
    }

    /** The demo's rknn_core_num: 2 → cores 0 and 1, 3 → cores 0, 1 and 2, anything else → auto. */
    public static int forCoreCount(int cores) {
        return switch (cores) {
            case 2 -> RknnConstants.RKNN_NPU_CORE_0_1;
            case 3 -> RknnConstants.RKNN_NPU_CORE_0_1_2;
            default -> RknnConstants.RKNN_NPU_CORE_AUTO;
        };
    }
}
