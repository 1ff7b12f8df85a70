package dev.benchmate.service;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Locale;

/**
 * Sets the NPU simulator's delays in this process (it reads them at every run), so a benchmark can
 * put the simulator at the RK3576 reference figures. Only meaningful with the simulator.
 */
final class SimulatorDelays {
    /** RK3576, Qwen2.5-VL-3B W4A16 (DESIGN.md): encoder 2.87 s, prefill 2130 ms / 196 tokens, 7.87 tokens/s. */
    static final double ENCODE_MS = 2870;
    static final double PREFILL_MS_PER_TOKEN = 2130.0 / 196;
    static final double DECODE_MS_PER_TOKEN = 1000 / 7.87;

    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private SimulatorDelays() {
    }

    static void set(double encodeMs, double prefillMsPerToken, double decodeMsPerToken) {
        LibC c = Native.load("c", LibC.class);
        c.setenv("BENCHMATE_SIM_ENCODE_MS", String.format(Locale.ROOT, "%.3f", encodeMs), 1);
        c.setenv("BENCHMATE_SIM_PREFILL_MS_PER_TOKEN", String.format(Locale.ROOT, "%.3f", prefillMsPerToken), 1);
        c.setenv("BENCHMATE_SIM_DECODE_MS_PER_TOKEN", String.format(Locale.ROOT, "%.3f", decodeMsPerToken), 1);
    }

    static void rk3576() {
        set(ENCODE_MS, PREFILL_MS_PER_TOKEN, DECODE_MS_PER_TOKEN);
    }
}
