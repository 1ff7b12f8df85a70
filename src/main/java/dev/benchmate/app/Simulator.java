package dev.benchmate.app;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the build put the NPU simulator (target/sim: lib/ with the two simulated runtimes,
 * models/ with the simulated model files). A test instrument: only --sim or the sim profile use it.
 */
public record Simulator(Path home) {
    public static final String LLM_MODEL = "llm-sim.rkllm";
    public static final String VISION_MODEL = "vision-sim.rknn";

    /** The simulated runtimes with the RKLLM 1.3.x ABI. */
    public Path libraryDir() {
        return home.resolve("lib");
    }

    /** The simulated runtimes for an RKLLM ABI: lib-1.2 for 1.2, lib (1.3.x) otherwise. */
    public Path libraryDir(dev.benchmate.bindings.rkllm.RkllmApi api) {
        return api == dev.benchmate.bindings.rkllm.RkllmApi.V1_2 ? home.resolve("lib-1.2") : libraryDir();
    }

    public Path llmModel() {
        return home.resolve("models").resolve(LLM_MODEL);
    }

    public Path visionModel() {
        return home.resolve("models").resolve(VISION_MODEL);
    }

    /**
     * Looks in: -Dbenchmate.sim.dir, $BENCHMATE_SIM_DIR, sim/ beside the application jar's folder
     * (target/sim for target/quarkus-app/quarkus-run.jar), then ./target/sim.
     */
    public static Simulator locate() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getProperty("benchmate.sim.dir")).map(Path::of).ifPresent(candidates::add);
        Optional.ofNullable(System.getenv("BENCHMATE_SIM_DIR")).map(Path::of).ifPresent(candidates::add);
        jarDir().ifPresent(dir -> {
            candidates.add(dir.resolve("sim"));
            if (dir.getParent() != null) {
                candidates.add(dir.getParent().resolve("sim"));
            }
        });
        candidates.add(Path.of("target", "sim"));
        for (Path c : candidates) {
            if (Files.isRegularFile(c.resolve("lib").resolve("librkllmrt.so"))) {
                return new Simulator(c.toAbsolutePath().normalize());
            }
        }
        throw new IllegalStateException("NPU simulator not found (looked in " + candidates
                + "); build it with 'mvn package' or set BENCHMATE_SIM_DIR");
    }

    private static Optional<Path> jarDir() {
        try {
            var source = Simulator.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path p = Path.of(source.getLocation().toURI());
            // quarkus-app/app/benchmate.jar or quarkus-app/lib/...: walk up to the folder holding quarkus-run.jar
            for (Path dir = Files.isDirectory(p) ? p : p.getParent(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("quarkus-run.jar"))) {
                    return Optional.of(dir);
                }
            }
            return Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
