package dev.benchmate.app;

import dev.benchmate.bindings.rknn.RknnConstants;
import dev.benchmate.thinking.Platform;
import java.util.Locale;

/**
 * The vision encoder's NPU cores, checked against the cores the SoC has: the setting's names
 * (auto, all, 0, 1, 2, 0_1, 0_1_2: {@link #parse}) or, for chat's --npu-cores, the demo's core
 * count (1, 2, 3: {@link #forCoreCount}).
 */
public final class NpuCoreMask {
    private NpuCoreMask() {
    }

    /** NPU cores per SoC: RK3588 three, RK3576 two, RK3562 and RV1126B one. */
    public static int cores(Platform platform) {
        return switch (platform) {
            case RK3588 -> 3;
            case RK3576 -> 2;
            case RK3562, RV1126B -> 1;
        };
    }

    /**
     * @param setting where the value came from, for the message ("benchmate.vision.core-mask")
     */
    public static int parse(String value, Platform platform, String setting) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        int highestCore = switch (v) {
            case "auto", "all" -> -1;
            case "0" -> 0;
            case "1", "0_1" -> 1;
            case "2", "0_1_2" -> 2;
            default -> throw new IllegalArgumentException(setting + " is '" + value + "'; it takes "
                    + allowed(platform));
        };
        if (highestCore >= cores(platform)) {
            throw new IllegalArgumentException(setting + " is '" + value + "', but " + name(platform) + " has "
                    + cores(platform) + " NPU core(s); it takes " + allowed(platform));
        }
        return switch (v) {
            case "auto" -> RknnConstants.RKNN_NPU_CORE_AUTO;
            case "all" -> RknnConstants.RKNN_NPU_CORE_ALL;
            case "0" -> RknnConstants.RKNN_NPU_CORE_0;
            case "1" -> RknnConstants.RKNN_NPU_CORE_1;
            case "2" -> RknnConstants.RKNN_NPU_CORE_2;
            case "0_1" -> RknnConstants.RKNN_NPU_CORE_0_1;
            default -> RknnConstants.RKNN_NPU_CORE_0_1_2;
        };
    }

    /** The demo's rknn_core_num: 1 → auto, 2 → cores 0 and 1, 3 → cores 0, 1 and 2; more than the SoC has is refused. */
    public static int forCoreCount(int count, Platform platform, String option) {
        if (count < 1 || count > cores(platform)) {
            throw new IllegalArgumentException(option + " is " + count + ", but " + name(platform) + " has "
                    + cores(platform) + " NPU core(s): give 1" + (cores(platform) > 1 ? " to " + cores(platform) : ""));
        }
        return switch (count) {
            case 2 -> RknnConstants.RKNN_NPU_CORE_0_1;
            case 3 -> RknnConstants.RKNN_NPU_CORE_0_1_2;
            default -> RknnConstants.RKNN_NPU_CORE_AUTO;
        };
    }

    private static String allowed(Platform platform) {
        return switch (cores(platform)) {
            case 3 -> "auto, all, 0, 1, 2, 0_1, 0_1_2";
            case 2 -> "auto, all, 0, 1, 0_1";
            default -> "auto, all, 0";
        };
    }

    private static String name(Platform platform) {
        return platform.name().toLowerCase(Locale.ROOT);
    }
}
