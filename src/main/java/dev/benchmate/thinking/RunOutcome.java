package dev.benchmate.thinking;

/**
 * What one model run produced: the whole text, the figures, whether it was cut short by abort,
 * and whether it ended because it reached its token limit (max_new_tokens) rather than by itself.
 */
public record RunOutcome(String text, RunStats stats, boolean aborted, boolean limitReached) {
    public RunOutcome(String text, RunStats stats, boolean aborted) {
        this(text, stats, aborted, false);
    }
}
