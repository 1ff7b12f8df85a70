package dev.benchmate.thinking;

import dev.benchmate.media.TokenListener;

/**
 * The port to a multi-turn language model that keeps its KV cache between runs. One run at a
 * time; {@link #abort()} and {@link #isRunning()} may be called from any thread.
 */
public interface LanguageModel extends AutoCloseable {
    LanguageModelSettings settings();

    void setChatTemplate(ChatTemplate template);

    /**
     * Runs one message. With keepHistory the message and the answer stay in the KV cache, so the
     * next run only prefills its own tokens.
     *
     * @param options this run's own token limit and sampling, where the runtime takes them per run
     * @throws LanguageModelException when the runtime reports an error; the model stays usable
     */
    RunOutcome run(ModelInput input, boolean keepHistory, RunOptions options, TokenListener listener);

    /** A run with the configured token limit and sampling. */
    default RunOutcome run(ModelInput input, boolean keepHistory, TokenListener listener) {
        return run(input, keepHistory, RunOptions.DEFAULT, listener);
    }

    /**
     * Prefills the beginning of a user turn (its marker and picture, while the question is still
     * being spoken) into the KV cache without generating anything. Whether a runtime keeps such a
     * run's input is not documented, so a caller compares {@link #kvCacheSize()} before and after.
     *
     * @return the run's figures (its prefill)
     * @throws LanguageModelException when the runtime reports an error, or this model cannot
     */
    default RunStats prefill(ModelInput input) {
        throw new LanguageModelException("this language model cannot prefill without generating");
    }

    /** Stops a run in progress after the token being generated. */
    void abort();

    boolean isRunning();

    /** Empties the KV cache, keeping the system prompt when asked. */
    void clearHistory(boolean keepSystemPrompt);

    /** Positions currently held in the KV cache. */
    int kvCacheSize();

    /** Releases the model; waits for a run in progress to stop. */
    @Override
    void close();
}
