package dev.benchmate.thinking;

import dev.benchmate.media.TokenListener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.core.Brain;
import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.testing.NativeHeap;
import dev.benchmate.testing.Pictures;
import dev.benchmate.testing.SimulatedNpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import dev.benchmate.bindings.rkllm.RkllmApi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A thousand turns, a fresh 1.6 MB picture embedding every fifth one, must not grow the
 * process's resident memory: every run's native memory (prompt, embedding, structs) is freed
 * when the run ends, and the runtime's output buffers are released.
 */
class NativeMemoryTest {
    @ParameterizedTest(name = "RKLLM {0}")
    @EnumSource(value = RkllmApi.class, names = {"V1_2", "V1_3"})
    void thousandTurnsDoNotGrowNativeMemory(RkllmApi api) throws IOException {
        try (Brain brain = SimulatedNpu.brain(api, 32, 1024)) {
            ImageEmbedding picture = brain.look(Pictures.solid(320, 240, 200, 30, 30));
            run(brain, 1000); // JIT compilation also uses the C heap: let it settle
            long rssBefore = residentKb();
            long[] growth = new long[6];
            for (int w = 0; w < growth.length; w++) {
                System.gc();
                long before = NativeHeap.inUseBytes();
                run(brain, 250);
                System.gc();
                growth[w] = NativeHeap.inUseBytes() - before;
            }
            long least = Arrays.stream(growth).min().orElseThrow();
            System.out.printf("native heap growth per 250 turns: %s bytes; resident memory %+d kB%n",
                    Arrays.toString(growth), residentKb() - rssBefore);
            // A leak grows every window; the JVM's own C-heap use comes and goes (by megabytes when the
            // machine is busy: six windows give it room to come back). Each turn allocates
            // ~1 kB of structs and strings, every fifth a 1.6 MB embedding: leaking any of them
            // would grow every window by ≥ 250 kB.
            assertTrue(least < 128 * 1024, "the native heap grew in every window: " + Arrays.toString(growth));
            assertEquals(0, SimulatedNpu.rknnProbe(api).benchmate_sim_rknn_live_output_buffers(),
                    "every RKNN output buffer was released");
            assertTrue(picture.tokens() > 0);
        }
    }

    private static void run(Brain brain, int turns) {
        for (int i = 0; i < turns; i++) {
            ImageEmbedding picture = i % 5 == 0 ? brain.look(Pictures.solid(320, 240, i % 256, 90, 30)) : null;
            brain.ask("How about turn " + i + "?", picture, TokenListener.NONE);
        }
    }

    private static long residentKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
