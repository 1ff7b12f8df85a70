package dev.benchmate.app;

import dev.benchmate.thinking.ChatTemplate;
import dev.benchmate.thinking.LanguageModelSettings;
import java.nio.file.Path;
import java.util.Optional;

/** Everything needed to load the brain: where the runtimes and models are, and how to run them. */
public record BrainSettings(
        Optional<Path> rkllmLibrary,
        Optional<Path> rknnLibrary,
        Path visionModel,
        int npuCoreMask,
        LanguageModelSettings llm,
        ChatTemplate template,
        boolean simulated) {

    /** The same settings on the simulated NPU: its libraries and its simulated model files. */
    public BrainSettings onSimulator(Simulator sim) {
        return new BrainSettings(Optional.of(sim.libraryDir()), Optional.of(sim.libraryDir()), sim.visionModel(),
                npuCoreMask, llm.withModel(sim.llmModel()), template, true);
    }
}
