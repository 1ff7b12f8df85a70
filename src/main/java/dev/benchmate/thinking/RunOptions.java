package dev.benchmate.thinking;

/**
 * What one turn asks of the model beyond its input, where the runtime allows it per run (RKLLM
 * 1.3.x: RKLLMInferParam.max_new_tokens and sampling_params). A null field keeps the configured value.
 *
 * @param maxNewTokens at most this many tokens for this answer (capped at the configured
 *                     max-new-tokens, which the context budget is planned with)
 * @param temperature sampling temperature for this answer
 * @param topP nucleus sampling threshold for this answer
 */
public record RunOptions(Integer maxNewTokens, Float temperature, Float topP) {
    public static final RunOptions DEFAULT = new RunOptions(null, null, null);

    public RunOptions {
        if (maxNewTokens != null && maxNewTokens < 1) {
            throw new IllegalArgumentException("max new tokens must be at least 1, got " + maxNewTokens);
        }
        if (temperature != null && !(temperature >= 0)) {
            throw new IllegalArgumentException("temperature must be 0 or more, got " + temperature);
        }
        if (topP != null && !(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p must be above 0 and at most 1, got " + topP);
        }
    }

    /** The limit of this run: the asked one, never above the configured one. */
    public int maxNewTokens(LanguageModelSettings s) {
        return maxNewTokens == null ? s.maxNewTokens() : Math.min(maxNewTokens, s.maxNewTokens());
    }

    /** Whether the run brings sampling of its own. */
    public boolean sampling() {
        return temperature != null || topP != null;
    }
}
