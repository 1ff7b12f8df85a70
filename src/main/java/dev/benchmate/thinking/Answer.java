package dev.benchmate.thinking;

/**
 * The result of one turn.
 *
 * @param restarted the conversation was full, so this turn ran in a fresh one (the picture re-attached)
 * @param pictureAttached a picture went with this turn's input
 * @param kvCacheSize positions in the KV cache after the turn
 */
public record Answer(String text, RunStats stats, int kvCacheSize, boolean restarted, boolean pictureAttached,
                     boolean aborted) {
}
