package dev.benchmate.thinking;

import java.nio.file.Path;

/** How the language model is loaded and sampled; see application.properties for each value's meaning. */
public record LanguageModelSettings(
        Path model,
        int maxNewTokens,
        int maxContextLen,
        int topK,
        float topP,
        float temperature,
        float repeatPenalty,
        Platform platform,
        int enabledCpusMask,
        ImageTags imageTags) {

    public LanguageModelSettings {
        if (maxContextLen <= 0) {
            throw new IllegalArgumentException("max_context_len must be positive, got " + maxContextLen);
        }
        if (maxNewTokens <= 0 || maxNewTokens >= maxContextLen) {
            throw new IllegalArgumentException("max_new_tokens must be between 1 and max_context_len ("
                    + maxContextLen + "), got " + maxNewTokens);
        }
    }

    public LanguageModelSettings withModel(Path newModel) {
        return new LanguageModelSettings(newModel, maxNewTokens, maxContextLen, topK, topP, temperature, repeatPenalty,
                platform, enabledCpusMask, imageTags);
    }
}
