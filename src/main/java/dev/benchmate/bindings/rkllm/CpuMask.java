package dev.benchmate.bindings.rkllm;

/** rkllm.h's CPU0..CPU7 bits for {@code RKLLMExtendParam.enabled_cpus_mask}. */
public final class CpuMask {
    public static final int CPU0 = 1;
    public static final int CPU1 = 1 << 1;
    public static final int CPU2 = 1 << 2;
    public static final int CPU3 = 1 << 3;
    public static final int CPU4 = 1 << 4;
    public static final int CPU5 = 1 << 5;
    public static final int CPU6 = 1 << 6;
    public static final int CPU7 = 1 << 7;
    /** CPU4..CPU7: the big cores (Cortex-A72 on RK3576, Cortex-A76 on RK3588). */
    public static final int BIG_CORES = CPU4 | CPU5 | CPU6 | CPU7;

    private CpuMask() {
    }
}
