package dev.benchmate.thinking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.bindings.rkllm.RkllmApi;
import dev.benchmate.media.TokenListener;
import dev.benchmate.testing.SimulatedNpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Choosing the RKLLM C ABI (benchmate.npu.rkllm-api) on the simulator's two builds: auto reads
 * each file's version text, refuses a file that says nothing, and the two ABIs differ only where
 * the vendor's headers say they do.
 */
class RkllmAbiChoiceTest {
    @TempDir
    Path dir;

    static LanguageModelSettings settings(int maxNewTokens) {
        return SimulatedNpu.llmSettings(maxNewTokens, 2048);
    }

    @ParameterizedTest(name = "RKLLM {0}")
    @EnumSource(value = RkllmApi.class, names = {"V1_2", "V1_3"})
    void autoReadsEachLibrarysOwnVersionText(RkllmApi api) {
        try (RkllmLanguageModel model = RkllmLanguageModel.open(Optional.of(SimulatedNpu.libraryDir(api)),
                RkllmApi.AUTO, settings(64))) {
            assertTrue(model.runtimeAbi().startsWith(api.label() + ".x"), model.runtimeAbi());
            assertTrue(model.runtimeAbi().contains("rkllm-runtime version: " + api.label()), model.runtimeAbi());
        }
    }

    @Test
    void autoRefusesALibraryThatDoesNotSayAndNamesTheSetting() throws IOException {
        // A loadable library without the runtime's version text: the simulated RKNN runtime, renamed.
        Path lib = dir.resolve("librkllmrt.so");
        Files.copy(SimulatedNpu.libraryDir(RkllmApi.V1_3).resolve("librknnrt.so"), lib);
        LanguageModelException e = assertThrows(LanguageModelException.class,
                () -> RkllmLanguageModel.open(Optional.of(lib), RkllmApi.AUTO, settings(64)));
        assertTrue(e.getMessage().contains("benchmate.npu.rkllm-api"), e.getMessage());
        assertTrue(e.getMessage().contains(lib.toString()), e.getMessage());
    }

    @ParameterizedTest(name = "RKLLM {0}")
    @EnumSource(value = RkllmApi.class, names = {"V1_2", "V1_3"})
    void isRunningMeansTheSameOnBoth(RkllmApi api) {
        try (RkllmLanguageModel model = RkllmLanguageModel.open(Optional.of(SimulatedNpu.libraryDir(api)), api,
                settings(64))) {
            assertFalse(model.isRunning());
            List<Boolean> during = new ArrayList<>();
            model.run(ModelInput.text("Hello there"), true, RunOptions.DEFAULT, t -> during.add(model.isRunning()));
            assertFalse(during.isEmpty());
            assertTrue(during.stream().allMatch(b -> b), "running during the run: " + during);
            assertFalse(model.isRunning());
        }
    }

    @ParameterizedTest(name = "RKLLM {0}")
    @EnumSource(value = RkllmApi.class, names = {"V1_2", "V1_3"})
    void aRunsOwnMaxNewTokensHoldsOnBoth(RkllmApi api) {
        try (RkllmLanguageModel model = RkllmLanguageModel.open(Optional.of(SimulatedNpu.libraryDir(api)), api,
                settings(64))) {
            RunOutcome out = model.run(ModelInput.text("Hello there"), true, new RunOptions(3, 0.3f, null),
                    TokenListener.NONE);
            assertEquals("Simulated answer to", out.text());
            assertTrue(out.limitReached(), "cut at the run's limit");
            // The next answer is whole again (1.2.x: the pause ended only that run).
            RunOutcome next = model.run(ModelInput.text("And again"), true, RunOptions.DEFAULT, TokenListener.NONE);
            assertEquals("Simulated answer to turn 2.", next.text());
        }
    }
}
