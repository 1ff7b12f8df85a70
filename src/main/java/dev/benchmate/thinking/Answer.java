package dev.benchmate.thinking;

/**
 * The result of one turn.
 *
 * @param limitReached the answer ended at its token limit (max_new_tokens), not by itself
 * @param restarted this turn started the conversation again in a fresh KV cache (see {@link Conversation})
 * @param keptTurns when it restarted: the earlier turns written back before the question (0 when none fitted)
 * @param pictureAttached a picture went with this turn's input
 * @param kvCacheSize positions in the KV cache after the turn (remotely: the engine's token count)
 * @param thinker what answered: {@link #NPU} or {@link #REMOTE} (an engine on the LAN)
 */
public record Answer(String text, RunStats stats, int kvCacheSize, boolean restarted, boolean pictureAttached,
                     boolean aborted, boolean limitReached, int keptTurns, String thinker) {
    public static final String NPU = "npu";
    public static final String REMOTE = "remote";

    /** An answer from the NPU. */
    public Answer(String text, RunStats stats, int kvCacheSize, boolean restarted, boolean pictureAttached,
                  boolean aborted, boolean limitReached, int keptTurns) {
        this(text, stats, kvCacheSize, restarted, pictureAttached, aborted, limitReached, keptTurns, NPU);
    }

    public Answer(String text, RunStats stats, int kvCacheSize, boolean restarted, boolean pictureAttached,
                  boolean aborted) {
        this(text, stats, kvCacheSize, restarted, pictureAttached, aborted, false, 0);
    }
}
