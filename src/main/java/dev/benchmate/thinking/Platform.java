package dev.benchmate.thinking;

import java.util.Locale;

/** The Rockchip SoC, which decides RKLLM's base_domain_id (as in the rknn-llm demos). */
public enum Platform {
    RK3576(1), RK3588(1), RK3562(0), RV1126B(0);

    private final int baseDomainId;

    Platform(int baseDomainId) {
        this.baseDomainId = baseDomainId;
    }

    public int baseDomainId() {
        return baseDomainId;
    }

    public static Platform parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown platform '" + name + "' (rk3576, rk3588, rk3562, rv1126b)");
        }
    }
}
