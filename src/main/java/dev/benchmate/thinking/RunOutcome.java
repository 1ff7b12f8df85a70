package dev.benchmate.thinking;

/** What one model run produced: the whole text, the figures, and whether it was cut short by abort. */
public record RunOutcome(String text, RunStats stats, boolean aborted) {
}
