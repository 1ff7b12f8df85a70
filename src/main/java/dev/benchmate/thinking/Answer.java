package dev.benchmate.thinking;

/**
 * The result of one turn.
 *
 * @param limitReached the answer ended at its token limit (max_new_tokens), not by itself
 * @param restarted the conversation was full, so this turn ran in a fresh one (the picture re-attached)
 * @param pictureAttached a picture went with this turn's input
 * @param kvCacheSize positions in the KV cache after the turn
 */
public record Answer(String text, RunStats stats, int kvCacheSize, boolean restarted, boolean pictureAttached,
                     boolean aborted, boolean limitReached) {
    public Answer(String text, RunStats stats, int kvCacheSize, boolean restarted, boolean pictureAttached,
                  boolean aborted) {
        this(text, stats, kvCacheSize, restarted, pictureAttached, aborted, false);
    }
}
