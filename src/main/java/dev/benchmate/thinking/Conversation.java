package dev.benchmate.thinking;

import dev.benchmate.media.TokenListener;

import dev.benchmate.media.ImageEmbedding;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A multi-turn conversation with the language model, about at most one picture at a time.
 *
 * <p>The KV cache keeps the history (keep_history=1), so each turn prefills only its new tokens.
 * Before a turn the context budget is checked: KV cache + the new input + max_new_tokens must fit
 * max_context_len, because past it the runtime forgets silently. When it would not fit, the
 * conversation restarts (system prompt kept) with the current picture re-attached, and the answer
 * says so. A question that cannot fit even then is refused before anything runs.
 *
 * <p>The conversation also keeps its history as a client sees it: one {@link Exchange} per kept
 * turn (question, picture digest, answer), whichever front door asked, emptied whenever the KV
 * cache is. A {@link Request} may say which history it expects (an OpenAI-style client sends its
 * whole conversation each time): when it is the one held, only the new question is prefilled;
 * otherwise the conversation starts again with the request's history. RKLLM takes only user
 * messages, so that history goes into the new conversation's first message as written context
 * ("Earlier in this conversation: User: … Assistant: …"), oldest exchanges left out when it would
 * not fit, with the latest picture in it attached unless the question brings its own. The
 * comparison and the restart happen inside {@link #ask}, under its lock, so no other turn can
 * change the history in between.
 *
 * <p>A question that brings a new picture (not the one already in the KV cache) starts a fresh
 * conversation too: runtimes were reported to keep answering about the first picture when a second
 * one is sent into a kept conversation (rknn-llm issue 257), so the new picture goes into a fresh
 * cache, with the recent exchanges written in as context the same way (newest kept when not all fit).
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
    /** The kept turns as clients see them, oldest first; empty whenever the KV cache is. */
    private final List<Exchange> held = new ArrayList<>();
    private Consumer<String> restartNotice = why -> { };
    /** During a new-picture turn: the picture of the conversation it cleared. */
    private ImageEmbedding newPictureFrom;

    /** Why a turn started a fresh conversation, as {@link #onRestart} is told. */
    public static final String CONTEXT_FULL = "the context was full";
    public static final String OTHER_HISTORY = "the question came with another history than the conversation held";
    public static final String NEW_PICTURE = "the question brought a new picture";
    public static final String AFTER_FAILURE = "the question before failed in a conversation started again for it";

    /**
     * The picture of a conversation a new-picture question cleared and then failed in: the next
     * question starts again with it and the held exchanges written in, so nothing is forgotten.
     */
    private ImageEmbedding stranded;

    /**
     * One turn for the conversation.
     *
     * @param question the question's text
     * @param picture the encoded picture that goes with it, or null
     * @param pictureDigest what identifies that picture (kept in the history), or null
     * @param expectedHistory the exchanges the asker believes came before, oldest first; null when
     *                        the asker goes on from whatever is held (the voice, a terminal)
     * @param historyPicture encodes the latest picture of expectedHistory; asked only when the
     *                       conversation restarts with that history and the question brings no
     *                       picture; may return null (answered without it). Null: none.
     * @param options the run's token limit and sampling
     */
    public record Request(String question, ImageEmbedding picture, String pictureDigest,
                          List<Exchange> expectedHistory, Supplier<ImageEmbedding> historyPicture,
                          RunOptions options) {
        public Request {
            Objects.requireNonNull(question);
            expectedHistory = expectedHistory == null ? null : List.copyOf(expectedHistory);
            options = options == null ? RunOptions.DEFAULT : options;
        }

        /** A question that goes on from whatever the conversation holds. */
        public static Request of(String question, ImageEmbedding picture) {
            return new Request(question, picture, null, null, null, RunOptions.DEFAULT);
        }
    }

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
    public Answer ask(String question, ImageEmbedding newPicture, TokenListener listener) {
        return ask(Request.of(question, newPicture), listener);
    }

    /**
     * Asks one turn: goes on from the held conversation, or, when the request expects another
     * history, starts again with it (see the class comment).
     *
     * @throws QuestionTooLongException when the question can never fit; nothing is run or lost
     * @throws LanguageModelException when the runtime fails; the conversation stays usable
     */
    public synchronized Answer ask(Request r, TokenListener listener) {
        LanguageModelSettings s = model.settings();
        ModelInput input = r.picture() != null ? ModelInput.withPicture(r.question(), r.picture())
                : ModelInput.text(r.question());
        int systemTokens = estimator.estimate(template.systemPrompt());
        int room = room(s, template, estimator);
        int needed = inputTokens(input);
        if (needed > room) {
            throw new QuestionTooLongException(needed, Math.max(0, room), s.maxContextLen());
        }

        boolean restarted = false;
        List<Exchange> context = List.of();
        if (r.expectedHistory() != null && !held.equals(r.expectedHistory())) {
            clear();
            restarted = true;
            restartNotice.accept(OTHER_HISTORY);
            context = r.expectedHistory();
            ImageEmbedding contextPicture = r.picture();
            if (contextPicture == null && r.historyPicture() != null
                    && context.stream().anyMatch(Exchange::hasPicture)) {
                contextPicture = r.historyPicture().get();
            }
            input = withContext(r.question(), r.picture() == null, context, contextPicture, room);
        } else if (r.picture() != null && (pictureInCache && !samePicture(picture, r.picture()) || stranded != null)) {
            // Never a second picture into a kept conversation: a fresh one with the recent turns as text.
            ImageEmbedding before = stranded != null ? stranded : picture;
            context = List.copyOf(held);
            clear();
            restarted = true;
            restartNotice.accept(NEW_PICTURE);
            input = withContext(r.question(), false, context, r.picture(), room);
            newPictureFrom = before;
        } else if (stranded != null) {
            ImageEmbedding before = stranded;
            context = List.copyOf(held);
            clear();
            restarted = true;
            restartNotice.accept(AFTER_FAILURE);
            input = withContext(r.question(), true, context, before, room);
        }

        int kvBefore = model.kvCacheSize();
        needed = inputTokens(input);
        if (kvBefore + needed + s.maxNewTokens() > s.maxContextLen()) {
            ImageEmbedding kept = picture;
            clear();
            restarted = true;
            restartNotice.accept(CONTEXT_FULL);
            if (!input.hasPicture() && kept != null) {
                ModelInput again = ModelInput.withPicture(input.text(), kept);
                if (inputTokens(again) <= room) {
                    input = again;
                }
            }
            kvBefore = model.kvCacheSize();
            needed = inputTokens(input);
        }

        RunOutcome out;
        try {
            out = model.run(input, true, r.options(), listener);
        } catch (RuntimeException e) {
            if (newPictureFrom != null) {
                // The old conversation was cleared for the new picture, which then failed: keep its
                // exchanges, and its picture for the next question.
                held.addAll(context);
                stranded = newPictureFrom;
            }
            throw e;
        } finally {
            newPictureFrom = null;
        }
        if (input.hasPicture()) {
            picture = input.picture();
            pictureInCache = true;
        }
        held.addAll(context);
        held.add(new Exchange(r.question(), r.picture() != null ? r.pictureDigest() : null, out.text()));
        int estimatedPrefill = needed + (kvBefore == 0 ? systemTokens : 0);
        estimator.calibrate(estimatedPrefill, out.stats().prefillTokens());
        return new Answer(out.text(), out.stats(), model.kvCacheSize(), restarted, input.hasPicture(), out.aborted(),
                out.limitReached());
    }

    /**
     * The first message of a conversation that starts again with a client's history: the earlier
     * exchanges as written context, then the question; the oldest exchanges are left out until it
     * fits the room (the picture too, when it is the history's and does not fit with the question).
     */
    private ModelInput withContext(String question, boolean pictureFromHistory, List<Exchange> context,
                                   ImageEmbedding contextPicture, int room) {
        if (context.isEmpty()) {
            return contextPicture != null ? ModelInput.withPicture(question, contextPicture) : ModelInput.text(question);
        }
        List<String> blocks = new ArrayList<>(context.size());
        int[] tokens = new int[context.size()];
        int total = 0;
        for (int i = 0; i < context.size(); i++) {
            Exchange e = context.get(i);
            String block = "User: " + (e.hasPicture() ? "[with a picture] " : "") + oneLine(e.question())
                    + "\nAssistant: " + oneLine(e.answer()) + "\n";
            blocks.add(block);
            tokens[i] = estimator.estimate(block);
            total += tokens[i];
        }
        ImageEmbedding[] pictures = contextPicture == null ? new ImageEmbedding[] {null}
                : pictureFromHistory ? new ImageEmbedding[] {contextPicture, null} : new ImageEmbedding[] {contextPicture};
        for (ImageEmbedding p : pictures) {
            int sum = total;
            for (int first = 0; first <= context.size(); first++) {
                if (first > 0) {
                    sum -= tokens[first - 1];
                }
                // an upper bound of the whole (the estimate of a sum of lines is at most the sum of theirs)
                String head = first == context.size() ? ""
                        : (p != null && pictureFromHistory ? "Earlier in this conversation (the picture is the latest "
                        + "one shown in it):\n" : "Earlier in this conversation:\n");
                ModelInput bare = p != null ? ModelInput.withPicture(head + question, p) : ModelInput.text(head + question);
                if (inputTokens(bare) + sum + (first < context.size() ? 1 : 0) > room) {
                    continue;
                }
                String text = head + String.join("", blocks.subList(first, context.size()))
                        + (first == context.size() ? "" : "\n") + question;
                ModelInput input = p != null ? ModelInput.withPicture(text, p) : ModelInput.text(text);
                if (inputTokens(input) <= room) {
                    return input;
                }
            }
        }
        // the bare question fits: ask() checked it
        return !pictureFromHistory && contextPicture != null ? ModelInput.withPicture(question, contextPicture)
                : ModelInput.text(question);
    }

    private static boolean samePicture(ImageEmbedding a, ImageEmbedding b) {
        return a == b || a != null && b != null && a.tokens() == b.tokens() && java.util.Arrays.equals(a.values(),
                b.values());
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").replace(ModelInput.IMAGE_MARKER, "(image)");
    }

    /**
     * Tokens a user message (with its chat-template prefix and postfix) may take in a fresh
     * conversation: the context less the answer's room and the system prompt.
     */
    public static int room(LanguageModelSettings s, ChatTemplate template, TokenEstimator estimator) {
        return s.maxContextLen() - s.maxNewTokens() - estimator.estimate(template.systemPrompt());
    }

    /**
     * Called (on the asking thread) when a turn has to start a fresh conversation, before it runs,
     * with why ({@link #CONTEXT_FULL}, {@link #OTHER_HISTORY}, {@link #NEW_PICTURE}).
     */
    public synchronized void onRestart(Consumer<String> notice) {
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
        clear();
    }

    private void clear() {
        model.clearHistory(true);
        stranded = null;
        picture = null;
        pictureInCache = false;
        held.clear();
    }

    /** The kept turns as clients see them, oldest first (empty after a reset or a restart). */
    public synchronized List<Exchange> history() {
        return List.copyOf(held);
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
