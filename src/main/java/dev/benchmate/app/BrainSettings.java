package dev.benchmate.app;

import dev.benchmate.bindings.rkllm.RkllmApi;
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
        Names names,
        RkllmApi rkllmApi,
        double restartKeep) {

    /** The settings with the share of the context a restart keeps at its default. */
    public BrainSettings(Optional<Path> rkllmLibrary, Optional<Path> rknnLibrary, Path visionModel, int npuCoreMask,
                         LanguageModelSettings llm, ChatTemplate template, boolean simulated, Names names,
                         RkllmApi rkllmApi) {
        this(rkllmLibrary, rknnLibrary, visionModel, npuCoreMask, llm, template, simulated, names, rkllmApi,
                Conversation.DEFAULT_KEPT_SHARE);
    }

    /** The settings with the RKLLM ABI read from the library file (benchmate.npu.rkllm-api=auto). */
    public BrainSettings(Optional<Path> rkllmLibrary, Optional<Path> rknnLibrary, Path visionModel, int npuCoreMask,
                         LanguageModelSettings llm, ChatTemplate template, boolean simulated, Names names) {
        this(rkllmLibrary, rknnLibrary, visionModel, npuCoreMask, llm, template, simulated, names, RkllmApi.AUTO);
    }

    /** What each value is called where the person set it. */
    public record Names(String llmModel, String visionModel, String maxNewTokens, String maxContextLen) {
        public static final Names CONFIG = new Names("benchmate.llm.model", "benchmate.vision.model",
                "benchmate.llm.max-new-tokens", "benchmate.llm.max-context-len");
    }

    /** Room a question needs at least, beside the system prompt and the answer. */
    static final int MIN_QUESTION_TOKENS = 64;

    public BrainSettings {
        java.util.Objects.requireNonNull(rkllmApi, "rkllmApi");
        if (!(restartKeep >= 0 && restartKeep <= 1)) {
            throw new IllegalArgumentException("benchmate.conversation.restart-keep must be between 0 and 1 (a share of "
                    + "the context), got " + restartKeep);
        }
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

    /**
     * The same settings on the simulated NPU: its libraries (the RKLLM 1.2.x build for rkllm-api 1.2,
     * else the 1.3.x build; auto reads its version text as on a board) and its simulated model files.
     */
    public BrainSettings onSimulator(Simulator sim) {
        Path lib = sim.libraryDir(rkllmApi);
        return new BrainSettings(Optional.of(lib), Optional.of(lib), sim.visionModel(),
                npuCoreMask, llm.withModel(sim.llmModel()), template, true,
                new Names("the simulated language model", "the simulated vision model", names.maxNewTokens(),
                        names.maxContextLen()), rkllmApi, restartKeep);
    }

    /** The same settings with another RKLLM ABI choice. */
    public BrainSettings withRkllmApi(RkllmApi api) {
        return new BrainSettings(rkllmLibrary, rknnLibrary, visionModel, npuCoreMask, llm, template, simulated, names,
                api, restartKeep);
    }

    /** The same settings with another share of the context kept on a restart. */
    public BrainSettings withRestartKeep(double share) {
        return new BrainSettings(rkllmLibrary, rknnLibrary, visionModel, npuCoreMask, llm, template, simulated, names,
                rkllmApi, share);
    }
}
