package dev.benchmate.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.benchmate.core.Brain;
import dev.benchmate.app.BrainLoader;
import dev.benchmate.app.BrainSettings;
import dev.benchmate.app.Simulator;
import dev.benchmate.bindings.rkllm.RkllmApi;
import dev.benchmate.thinking.ChatTemplate;
import dev.benchmate.thinking.ImageTags;
import dev.benchmate.thinking.LanguageModelSettings;
import dev.benchmate.thinking.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The NPU simulator the build made in target/sim, reached through the same JNA bindings as the
 * real runtimes, plus its extra observability symbols and its delay knobs.
 */
public final class SimulatedNpu {
    private SimulatedNpu() {
    }

    public static Simulator simulator() {
        return Simulator.locate();
    }

    public static LanguageModelSettings llmSettings(int maxNewTokens, int maxContextLen) {
        return new LanguageModelSettings(simulator().llmModel(), maxNewTokens, maxContextLen, 1, 0.8f, 0.7f, 1.1f,
                Platform.RK3576, 0xF0, ImageTags.QWEN2_VL);
    }

    public static BrainSettings brainSettings(int maxNewTokens, int maxContextLen) {
        return brainSettings(RkllmApi.V1_3, maxNewTokens, maxContextLen);
    }

    /** On the simulated runtime of one RKLLM ABI (1.2: target/sim/lib-1.2; 1.3: target/sim/lib). */
    public static BrainSettings brainSettings(RkllmApi api, int maxNewTokens, int maxContextLen) {
        return new BrainSettings(Optional.empty(), Optional.empty(), Path.of("unused"), 0,
                llmSettings(maxNewTokens, maxContextLen), ChatTemplate.qwen("You are a helpful assistant."), false,
                BrainSettings.Names.CONFIG, api)
                .onSimulator(simulator());
    }

    public static Brain brain(int maxNewTokens, int maxContextLen) {
        return BrainLoader.load(brainSettings(maxNewTokens, maxContextLen));
    }

    public static Brain brain(RkllmApi api, int maxNewTokens, int maxContextLen) {
        return BrainLoader.load(brainSettings(api, maxNewTokens, maxContextLen));
    }

    /** The simulated runtimes' folder for an RKLLM ABI. */
    public static Path libraryDir(RkllmApi api) {
        return simulator().libraryDir(api);
    }

    /** The simulator's own counters (symbols only the simulator exports). */
    public interface RkllmProbe extends Library {
        int benchmate_sim_rkllm_live_handles();

        /** Generating runs started in this process, over all handles (what the fault lists count). */
        int benchmate_sim_rkllm_generating_runs();

        /** Chat turns in the cache (counted from the model's turn markers). */
        int benchmate_sim_rkllm_history_user_turns(long handle);

        /** Runs in the cache that brought a picture. */
        int benchmate_sim_rkllm_history_picture_entries(long handle);

        int benchmate_sim_rkllm_last_image_count(long handle);

        int benchmate_sim_rkllm_forgotten_entries(long handle);

        /** rkllm_abort calls made from inside the handle's own result callback. */
        int benchmate_sim_rkllm_aborts_in_callback(long handle);

        /** The last generating run's sampling into out: 1 its own sampling_params, 0 init's, -1 no run yet. */
        int benchmate_sim_rkllm_last_sampling(long handle, dev.benchmate.bindings.rkllm.RKLLMSamplingParam out);

        /** The max_new_tokens limit of the last generating run; -1 before any. */
        int benchmate_sim_rkllm_last_max_new_tokens(long handle);
    }

    public interface RknnProbe extends Library {
        int benchmate_sim_rknn_live_contexts();

        int benchmate_sim_rknn_live_output_buffers();

        /** rknn_run calls in this process: encodings. */
        int benchmate_sim_rknn_runs();
    }

    public static RkllmProbe rkllmProbe() {
        return Native.load(simulator().libraryDir().resolve("librkllmrt.so").toString(), RkllmProbe.class);
    }

    /** The probe of the simulated runtime of one ABI (each library has its own counters and handles). */
    public static RkllmProbe rkllmProbe(RkllmApi api) {
        return Native.load(simulator().libraryDir(api).resolve("librkllmrt.so").toString(), RkllmProbe.class);
    }

    public static RknnProbe rknnProbe() {
        return Native.load(simulator().libraryDir().resolve("librknnrt.so").toString(), RknnProbe.class);
    }

    /** The RKNN probe beside one ABI's RKLLM runtime (lib-1.2 has its own copy of librknnrt.so). */
    public static RknnProbe rknnProbe(RkllmApi api) {
        return Native.load(simulator().libraryDir(api).resolve("librknnrt.so").toString(), RknnProbe.class);
    }

    /** setenv in this process, so the simulator's getenv sees it at its next run. */
    public interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int setenv(String name, String value, int overwrite);

        int unsetenv(String name);
    }

    public static void setDelays(double encodeMs, double prefillMsPerToken, double decodeMsPerToken) {
        LibC.INSTANCE.setenv("BENCHMATE_SIM_ENCODE_MS", Double.toString(encodeMs), 1);
        LibC.INSTANCE.setenv("BENCHMATE_SIM_PREFILL_MS_PER_TOKEN", Double.toString(prefillMsPerToken), 1);
        LibC.INSTANCE.setenv("BENCHMATE_SIM_DECODE_MS_PER_TOKEN", Double.toString(decodeMsPerToken), 1);
    }

    public static void clearDelays() {
        setDelays(0, 0, 0);
    }

    /**
     * The simulator's fault lists (native/sim/README.md, Faults): generating-run numbers, counted
     * process-wide, as text ("2", "2,5"); null unsets. Read at every run, like the delays.
     */
    public static void setFaults(String failTurns, String stallTurns) {
        setOrUnset("BENCHMATE_SIM_FAIL_TURNS", failTurns);
        setOrUnset("BENCHMATE_SIM_STALL_TURNS", stallTurns);
    }

    /**
     * Whether the simulated runtime keeps a prefill-only run (RKLLM_INFER_GET_LAST_HIDDEN_LAYER,
     * keep_history=1) in its KV cache: true (its default) or false, the other behaviour a real
     * runtime may have.
     */
    public static void prefillOnlyKeepsCache(boolean keeps) {
        setOrUnset("BENCHMATE_SIM_PREFILL_ONLY_KEEPS_CACHE", keeps ? null : "0");
    }

    public static void clearFaults() {
        setFaults(null, null);
    }

    /** The number the next generating run will have, for aiming a fault at it. */
    public static int nextGeneratingRun() {
        return rkllmProbe().benchmate_sim_rkllm_generating_runs() + 1;
    }

    private static void setOrUnset(String name, String value) {
        if (value == null) {
            LibC.INSTANCE.unsetenv(name);
        } else {
            LibC.INSTANCE.setenv(name, value, 1);
        }
    }

    /** The shared test data folder (../shared/data), when this checkout has it. */
    public static Path sharedData(String file) {
        Path source = Path.of(System.getProperty("benchmate.source.dir", "."));
        Path p = source.resolve("../shared/data").resolve(file).normalize();
        assumeTrue(Files.isRegularFile(p), "skipped: " + p + " is absent (the shared test data folder is not beside this checkout)");
        return p;
    }
}
