package dev.benchmate.app;

import dev.benchmate.thinking.ChatTemplate;
import dev.benchmate.thinking.Conversation;
import dev.benchmate.thinking.LanguageModelSettings;
import dev.benchmate.thinking.TokenEstimator;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything needed to load the brain: where the runtimes and models are, and how to run them,
 * with the names a person gave each value (a configuration key, or a command's argument), so that
 * every message names what to change.
 */
public record BrainSettings(
        Optional<Path> rkllmLibrary,
        Optional<Path> rknnLibrary,
        Path visionModel,
        int npuCoreMask,
        LanguageModelSettings llm,
        ChatTemplate template,
        boolean simulated,
        Names names) {

    /** What each value is called where the person set it. */
    public record Names(String llmModel, String visionModel, String maxNewTokens, String maxContextLen) {
        public static final Names CONFIG = new Names("benchmate.llm.model", "benchmate.vision.model",
                "benchmate.llm.max-new-tokens", "benchmate.llm.max-context-len");
    }

    /** Room a question needs at least, beside the system prompt and the answer. */
    static final int MIN_QUESTION_TOKENS = 64;

    public BrainSettings {
        int room = Conversation.room(llm, template, new TokenEstimator());
        int system = llm.maxContextLen() - llm.maxNewTokens() - room;
        if (room < MIN_QUESTION_TOKENS) {
            throw new IllegalArgumentException(names.maxContextLen() + " is " + llm.maxContextLen() + ", but "
                    + names.maxNewTokens() + " (" + llm.maxNewTokens() + ") and the system prompt (about " + system
                    + " tokens) leave " + Math.max(0, room) + " tokens for a question; it needs at least "
                    + MIN_QUESTION_TOKENS + " (a picture takes about 200): raise " + names.maxContextLen()
                    + " or lower " + names.maxNewTokens());
        }
    }

    /** The same settings on the simulated NPU: its libraries and its simulated model files. */
    public BrainSettings onSimulator(Simulator sim) {
        return new BrainSettings(Optional.of(sim.libraryDir()), Optional.of(sim.libraryDir()), sim.visionModel(),
                npuCoreMask, llm.withModel(sim.llmModel()), template, true,
                new Names("the simulated language model", "the simulated vision model", names.maxNewTokens(),
                        names.maxContextLen()));
    }
}
