package dev.benchmate.app;

import dev.benchmate.bindings.ProcessEnvironment;
import java.util.Locale;

/**
 * Sets the NPU simulator's delays in this process (it reads them at every run), so a benchmark can
 * put the simulator at the RK3576 reference figures. Only meaningful with the simulator.
 */
public final class SimulatorDelays {
    /** RK3576, Qwen2.5-VL-3B W4A16 (DESIGN.md): encoder 2.87 s, prefill 2130 ms / 196 tokens, 7.87 tokens/s. */
    public static final double ENCODE_MS = 2870;
    public static final double PREFILL_MS_PER_TOKEN = 2130.0 / 196;
    public static final double DECODE_MS_PER_TOKEN = 1000 / 7.87;

    private SimulatorDelays() {
    }

    public static void set(double encodeMs, double prefillMsPerToken, double decodeMsPerToken) {
        ProcessEnvironment.set("BENCHMATE_SIM_ENCODE_MS", String.format(Locale.ROOT, "%.3f", encodeMs));
        ProcessEnvironment.set("BENCHMATE_SIM_PREFILL_MS_PER_TOKEN", String.format(Locale.ROOT, "%.3f",
                prefillMsPerToken));
        ProcessEnvironment.set("BENCHMATE_SIM_DECODE_MS_PER_TOKEN", String.format(Locale.ROOT, "%.3f",
                decodeMsPerToken));
    }

    public static void rk3576() {
        set(ENCODE_MS, PREFILL_MS_PER_TOKEN, DECODE_MS_PER_TOKEN);
    }
}
