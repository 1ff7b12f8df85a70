package dev.benchmate.thinking;

import dev.benchmate.media.TokenListener;

import dev.benchmate.media.ImageEmbedding;
import java.util.Objects;

/**
 * A multi-turn conversation with the language model, about at most one picture at a time.
 *
 * <p>The KV cache keeps the history (keep_history=1), so each turn prefills only its new tokens.
 * Before a turn the context budget is checked: KV cache + the new input + max_new_tokens must fit
 * max_context_len, because past it the runtime forgets silently. When it would not fit, the
 * conversation restarts (system prompt kept) with the current picture re-attached, and the answer
 * says so. A question that cannot fit even then is refused before anything runs.
 *
 * <p>One turn at a time: {@link #ask} is synchronized; {@link #abort()} is not, so it can stop a
 * turn from another thread.
 */
public final class Conversation implements AutoCloseable {
    private final LanguageModel model;
    private final TokenEstimator estimator;
    private final ChatTemplate template;
    private ImageEmbedding picture;
    private boolean pictureInCache;
    private Runnable restartNotice = () -> { };

    public Conversation(LanguageModel model, ChatTemplate template, TokenEstimator estimator) {
        this.model = Objects.requireNonNull(model);
        this.template = Objects.requireNonNull(template);
        this.estimator = Objects.requireNonNull(estimator);
        model.setChatTemplate(template);
    }

    public Conversation(LanguageModel model, ChatTemplate template) {
        this(model, template, new TokenEstimator());
    }

    /**
     * Asks a question, with a picture when one is given (it becomes the conversation's picture).
     * Without one the question is text-only and refers to the picture already in the history.
     *
     * @throws QuestionTooLongException when it can never fit; nothing is run or lost
     * @throws LanguageModelException when the runtime fails; the conversation stays usable
     */
    public synchronized Answer ask(String question, ImageEmbedding newPicture, TokenListener listener) {
        LanguageModelSettings s = model.settings();
        ModelInput input = newPicture != null ? ModelInput.withPicture(question, newPicture) : ModelInput.text(question);
        int systemTokens = estimator.estimate(template.systemPrompt());
        int room = room(s, template, estimator);
        int needed = inputTokens(input);
        if (needed > room) {
            throw new QuestionTooLongException(needed, Math.max(0, room), s.maxContextLen());
        }

        int kvBefore = model.kvCacheSize();
        boolean restarted = false;
        if (kvBefore + needed + s.maxNewTokens() > s.maxContextLen()) {
            model.clearHistory(true);
            pictureInCache = false;
            restarted = true;
            restartNotice.run();
            if (!input.hasPicture() && picture != null) {
                ModelInput again = ModelInput.withPicture(question, picture);
                if (inputTokens(again) <= room) {
                    input = again;
                }
            }
            kvBefore = model.kvCacheSize();
            needed = inputTokens(input);
        }

        RunOutcome out = model.run(input, true, listener);
        if (input.hasPicture()) {
            picture = input.picture();
            pictureInCache = true;
        }
        int estimatedPrefill = needed + (kvBefore == 0 ? systemTokens : 0);
        estimator.calibrate(estimatedPrefill, out.stats().prefillTokens());
        return new Answer(out.text(), out.stats(), model.kvCacheSize(), restarted, input.hasPicture(), out.aborted());
    }

    /**
     * Tokens a user message (with its chat-template prefix and postfix) may take in a fresh
     * conversation: the context less the answer's room and the system prompt.
     */
    public static int room(LanguageModelSettings s, ChatTemplate template, TokenEstimator estimator) {
        return s.maxContextLen() - s.maxNewTokens() - estimator.estimate(template.systemPrompt());
    }

    /** Called (on the asking thread) when a turn has to start a fresh conversation, before it runs. */
    public synchronized void onRestart(Runnable notice) {
        this.restartNotice = notice;
    }

    public Answer ask(String question, TokenListener listener) {
        return ask(question, null, listener);
    }

    private int inputTokens(ModelInput input) {
        int tokens = estimator.estimate(template.prefix()) + estimator.estimate(template.postfix())
                + estimator.estimate(input.text().replace(ModelInput.IMAGE_MARKER, ""));
        if (input.hasPicture()) {
            tokens += estimator.estimatePicture(input.picture().tokens());
        }
        return tokens;
    }

    /** Starts a new conversation: the KV cache is cleared, the system prompt kept, the picture forgotten. */
    public synchronized void reset() {
        model.clearHistory(true);
        picture = null;
        pictureInCache = false;
    }

    /** Stops the answer being generated, from any thread. */
    public void abort() {
        model.abort();
    }

    public boolean isAnswering() {
        return model.isRunning();
    }

    /** Whether the history holds a picture that text-only follow-ups can refer to. */
    public synchronized boolean hasPictureInContext() {
        return pictureInCache;
    }

    public int kvCacheSize() {
        return model.kvCacheSize();
    }

    public LanguageModelSettings settings() {
        return model.settings();
    }

    @Override
    public void close() {
        model.close();
    }
}
