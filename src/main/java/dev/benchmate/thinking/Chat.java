package dev.benchmate.thinking;

import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.TokenListener;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a turn needs from a conversation with a language model, wherever the model runs: on the
 * NPU ({@link Conversation}, with its KV cache) or on an engine on the LAN. One turn at a time;
 * {@link #abort()} works from any thread.
 */
public interface Chat extends AutoCloseable {
    /**
     * Asks one turn (see {@link Conversation.Request}); the answer streams to the listener.
     *
     * @throws QuestionTooLongException when it can never fit; nothing is run or lost
     * @throws LanguageModelException when the model fails; the conversation stays usable
     */
    Answer ask(Conversation.Request request, TokenListener listener);

    /** Stops the answer being generated, from any thread. */
    void abort();

    /** Starts a new conversation: the history and its picture are forgotten. */
    void reset();

    /** Whether the history holds a picture that text-only follow-ups can refer to. */
    boolean hasPictureInContext();

    /** Whether the conversation holds turns and no picture. */
    boolean holdsTextOnly();

    /** The turns as clients see them, oldest first. */
    List<Exchange> history();

    /** Whether an answer is being generated now. */
    boolean isAnswering();

    /** Tokens the conversation takes now (the KV cache on the NPU, the engine's usage count remotely). */
    int kvCacheSize();

    /** Tokens the conversation may take at most. */
    int contextLimit();

    /**
     * Called (on the asking thread) when a turn has to start a fresh conversation, before it runs,
     * with why ({@link Conversation#CONTEXT_FULL}, {@link Conversation#OTHER_HISTORY}, …).
     */
    void onRestart(Consumer<String> notice);

    /**
     * Called (on the asking thread, before the answer) when the turn is answered another way than
     * it was meant to be (the NPU instead of the engine on the LAN). Only a chat that can fall back
     * calls it.
     */
    default void onFallback(FallbackNotice notice) {
    }

    /** What a turn does when it is answered another way than it was meant to be. */
    @FunctionalInterface
    interface FallbackNotice {
        /**
         * @param say what to tell the person, or null when nothing is to be said
         * @param why why, for the log and the events, or null when it was reported already
         * @return whether {@code say} was spoken (a turn asked over HTTP or text speaks nothing)
         */
        boolean tell(String say, String why);
    }

    /** Whether {@link #prepare} can prefill a picture before its question; never waits. */
    default boolean canPrepare() {
        return false;
    }

    /** Prefills the first half of the next turn (see {@link Conversation#prepare}); false where it cannot. */
    default boolean prepare(ImageEmbedding newPicture) {
        return false;
    }

    /** Drops a prefilled half turn whose question never came. */
    default void dropPrepared() {
    }

    @Override
    void close();
}
