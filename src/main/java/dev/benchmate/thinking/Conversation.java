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
 * Benchmate writes each turn's chat markers itself: the runtime's chat template holds only the
 * system prompt (see {@link ChatTemplate#systemOnly}), and each run's text is the user turn with
 * its markers, so earlier turns can be written back into a fresh context as turns of their own.
 *
 * <p>Before a turn the context budget is checked: KV cache + the new input + max_new_tokens must
 * fit max_context_len, because past it the runtime forgets silently. When it would not fit, the
 * conversation restarts: the cache is cleared (system prompt kept), and one run writes back the
 * picture, then as many of the most recent turns (question and answer, newest kept, in order,
 * each as its own user/assistant turn) as fit in a share of what is left after the system prompt,
 * the picture and max_new_tokens ({@link #DEFAULT_KEPT_SHARE} unless configured), then the new
 * question; so the next follow-up still knows what was just said. A question that cannot fit
 * even alone is refused before anything runs.
 *
 * <p>The conversation also keeps its history as a client sees it: one {@link Exchange} per turn
 * (question, picture digest, answer), whichever front door asked, the turns a restart wrote back
 * or left out included, emptied by {@link #reset}. A {@link Request} may say which history it
 * expects (an OpenAI-style client sends its whole conversation each time): when it is the one
 * held, only the new question is prefilled; otherwise the conversation starts again with the
 * request's history written back the same way, with the latest picture in it attached unless the
 * question brings its own. The comparison and the restart happen inside {@link #ask}, under its
 * lock, so no other turn can change the history in between.
 *
 * <p>A question that brings a new picture (not the one already in the KV cache) starts a fresh
 * conversation too: runtimes were reported to keep answering about the first picture when a second
 * one is sent into a kept conversation (rknn-llm issue 257), so the new picture goes into a fresh
 * cache with its question, after the recent turns written back the same way.
 *
 * <p>One turn at a time: {@link #ask} is synchronized; {@link #abort()} is not, so it can stop a
 * turn from another thread.
 */
public final class Conversation implements Chat {
    /** The share of a restarted context's free room the written-back turns may take by default. */
    public static final double DEFAULT_KEPT_SHARE = 0.5;
    /** Exchanges held as the clients' history at most; older ones are let go. */
    static final int MAX_HELD = 256;
    /** The digest kept for a picture that came without one (no client's SHA-256 can be this). */
    static final String UNNAMED_PICTURE = "picture";
    /** Put before a written-back question whose picture is not the one in the new context. */
    static final String EARLIER_PICTURE = "(about an earlier picture) ";

    private final LanguageModel model;
    private final TokenEstimator estimator;
    private final ChatTemplate template;
    private final double keptShare;
    private ImageEmbedding picture;
    private boolean pictureInCache;
    /** The turns as clients see them, oldest first; empty after a reset. */
    private final List<Exchange> held = new ArrayList<>();
    private Consumer<String> restartNotice = why -> { };

    /** Why a turn started a fresh conversation, as {@link #onRestart} is told. */
    public static final String CONTEXT_FULL = "the context was full";
    public static final String OTHER_HISTORY = "the question came with another history than the conversation held";
    public static final String NEW_PICTURE = "the question brought a new picture";
    public static final String AFTER_FAILURE = "the question before failed in a conversation started again for it";
    public static final String PREPARED_UNUSED = "a picture prefilled while the question was spoken went unused";

    /** Tokens kept free for the question when its picture is prefilled before the question is known. */
    static final int QUESTION_RESERVE = 48;

    /**
     * Set when a turn that started the conversation again failed after the cache was cleared: the
     * held exchanges are no longer in the cache, so the next question starts again and writes them
     * back, with {@link #strandedPicture} (the picture the cleared conversation had, or null).
     */
    private boolean pendingRestart;
    private String pendingWhy = AFTER_FAILURE;
    private ImageEmbedding strandedPicture;

    /**
     * Whether the runtime keeps a prefill-only run in the KV cache, so that a picture can be
     * prefilled while the question is still spoken: null until {@link #probeSplitPrefill} says.
     */
    private volatile Boolean splitPrefill;

    /** The first half of a turn in the cache, waiting for its question ({@link #prepare}), or null. */
    private Prepared prepared;

    /**
     * A picture prefilled before its question: the turn's marker and the picture are in the cache
     * (after the turns written back, when the conversation had to start again for it).
     */
    private record Prepared(ImageEmbedding picture, String why, int keptTurns, ImageEmbedding pictureBefore,
                            RunStats stats) {
    }

    /** What {@link #probeSplitPrefill} found. */
    public record SplitProbe(boolean keepsCache, int kvBefore, int kvAfter, String message) {
    }

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

    /**
     * @param keptShare the share (0 to 1) of a restarted context's free room that the most recent
     *                  turns written back may take
     */
    public Conversation(LanguageModel model, ChatTemplate template, TokenEstimator estimator, double keptShare) {
        this.model = Objects.requireNonNull(model);
        this.template = Objects.requireNonNull(template);
        this.estimator = Objects.requireNonNull(estimator);
        if (!(keptShare >= 0 && keptShare <= 1)) {
            throw new IllegalArgumentException("the share of the context kept on a restart must be between 0 and 1, got "
                    + keptShare);
        }
        this.keptShare = keptShare;
        model.setChatTemplate(template.systemOnly());
    }

    public Conversation(LanguageModel model, ChatTemplate template, double keptShare) {
        this(model, template, new TokenEstimator(), keptShare);
    }

    public Conversation(LanguageModel model, ChatTemplate template) {
        this(model, template, new TokenEstimator(), DEFAULT_KEPT_SHARE);
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
     * Asks one turn: goes on from the held conversation, or starts again (see the class comment).
     *
     * @throws QuestionTooLongException when the question can never fit; nothing is run or lost
     * @throws LanguageModelException when the runtime fails; the conversation stays usable
     */
    @Override
    public synchronized Answer ask(Request r, TokenListener listener) {
        LanguageModelSettings s = model.settings();
        int systemTokens = estimator.estimate(template.systemPrompt());
        int room = room(s, template, estimator);
        ModelInput input = r.picture() != null
                ? ModelInput.withPicture(template.userTurn(ModelInput.IMAGE_MARKER + modelText(r.question())), r.picture())
                : ModelInput.text(template.userTurn(modelText(r.question())));
        int needed = inputTokens(input);
        if (needed > room) {
            throw new QuestionTooLongException(needed, Math.max(0, room), s.maxContextLen());
        }

        if (prepared != null) {
            Prepared pp = prepared;
            prepared = null;
            Answer answer = askPrepared(pp, r, listener);
            if (answer != null) {
                return answer;
            }
            // Not the question it was prefilled for (or it does not fit after it): the cache holds
            // half a turn, so this question starts the conversation again.
            startAgainAtNextQuestion(PREPARED_UNUSED, pp.pictureBefore());
        }

        // Does this turn start the conversation again, and with what written back?
        String why = null;
        List<Exchange> context = List.of();
        ImageEmbedding lead = null; // the picture written back at the start, when the question brings none
        if (r.expectedHistory() != null && !held.equals(r.expectedHistory())) {
            why = OTHER_HISTORY;
            context = r.expectedHistory();
            if (r.picture() == null && r.historyPicture() != null && context.stream().anyMatch(Exchange::hasPicture)) {
                lead = r.historyPicture().get();
            }
        } else if (r.picture() != null && (pendingRestart || pictureInCache && !samePicture(picture, r.picture()))) {
            // Never a second picture into a kept conversation: a fresh one, the recent turns written back.
            why = NEW_PICTURE;
            context = List.copyOf(held);
        } else if (pendingRestart) {
            why = pendingWhy;
            context = List.copyOf(held);
            lead = r.picture() == null ? strandedPicture : null;
        }
        ImageEmbedding questionPicture = r.picture();
        int kvBefore = model.kvCacheSize();
        if (why == null && kvBefore + needed + s.maxNewTokens() > s.maxContextLen()) {
            why = CONTEXT_FULL;
            context = List.copyOf(held);
            if (r.picture() == null || samePicture(picture, r.picture())) {
                lead = picture; // the conversation's picture (sent again or not) goes back where it was shown
                questionPicture = null;
            }
        }

        List<Exchange> heldBefore = null;
        ImageEmbedding pictureBefore = null;
        int kept = 0;
        if (why != null) {
            heldBefore = List.copyOf(held);
            pictureBefore = pendingRestart ? strandedPicture : picture;
            clear();
            restartNotice.accept(why);
            WrittenBack back = writtenBack(r.question(), questionPicture, context, lead, s, null);
            input = back.input();
            kept = back.turns();
            kvBefore = model.kvCacheSize();
            needed = inputTokens(input);
        }

        RunOutcome out;
        try {
            out = model.run(input, true, r.options(), listener);
        } catch (RuntimeException e) {
            if (why != null && !OTHER_HISTORY.equals(why)) {
                // The cache was cleared for this turn, which then failed: keep what it held as the
                // history, and start again with it (and its picture) at the next question.
                held.addAll(heldBefore);
                startAgainAtNextQuestion(AFTER_FAILURE, pictureBefore);
            }
            throw e;
        }
        if (input.hasPicture()) {
            picture = input.picture();
            pictureInCache = true;
        }
        held.addAll(context);
        remember(r, out.text());
        int estimatedPrefill = needed + (kvBefore == 0 ? systemTokens : 0);
        estimator.calibrate(estimatedPrefill, out.stats().prefillTokens());
        return new Answer(out.text(), out.stats(), model.kvCacheSize(), why != null, input.hasPicture(),
                out.aborted(), out.limitReached(), kept);
    }

    /**
     * The one run that starts a cleared conversation again: the picture (the question's own, or
     * else {@code lead} at the start), then the most recent exchanges of {@code context} that fit
     * in the kept share of what is left after the system prompt, the picture and max_new_tokens,
     * each as its own turn, oldest of them first, then the question. The question was checked to
     * fit alone; a lead picture that does not fit beside it is left out.
     */
    private record WrittenBack(ModelInput input, int turns) {
    }

    /**
     * @param partialTurn when not null, the run ends with this first half of a turn (its marker and
     *                    picture) instead of the question, and {@link #QUESTION_RESERVE} tokens are
     *                    kept for the question to come
     */
    private WrittenBack writtenBack(String question, ImageEmbedding questionPicture, List<Exchange> context,
                                   ImageEmbedding lead, LanguageModelSettings s, String partialTurn) {
        // what the cleared cache really holds (the system prompt), when it is more than estimated
        int free = s.maxContextLen() - s.maxNewTokens()
                - Math.max(model.kvCacheSize(), estimator.estimate(template.systemPrompt()));
        String asked = partialTurn != null ? partialTurn
                : template.userTurn((questionPicture != null ? ModelInput.IMAGE_MARKER : "") + modelText(question));
        int questionTokens = estimator.estimate(asked.replace(ModelInput.IMAGE_MARKER, ""))
                + (partialTurn != null ? QUESTION_RESERVE : 0);
        ImageEmbedding runPicture = questionPicture != null ? questionPicture : lead;
        int pictureTokens = runPicture == null ? 0 : estimator.estimatePicture(runPicture.tokens());
        if (questionPicture == null && lead != null && questionTokens + pictureTokens > free) {
            runPicture = null;
            pictureTokens = 0;
        }
        int left = free - pictureTokens;
        int budget = Math.min((int) Math.floor(keptShare * left), left - questionTokens);

        // Newest first, while they fit (a sum of estimates bounds the estimate of the whole).
        int first = context.size();
        int used = 0;
        while (first > 0) {
            Exchange e = context.get(first - 1);
            // counted with the "earlier picture" mark it may get
            int tokens = estimator.estimate(template.keptTurn(keptQuestion(e, true), modelText(e.answer())));
            if (used + tokens > budget) {
                break;
            }
            used += tokens;
            first--;
        }
        boolean leadBack = runPicture != null && questionPicture == null;
        // The lead picture goes back with the turn that showed it (the latest that had a picture),
        // or the first kept turn when that one is not kept; kept turns before it were about another.
        int shownAt = -1;
        for (int i = context.size() - 1; i >= 0 && leadBack; i--) {
            if (context.get(i).hasPicture()) {
                shownAt = i;
                break;
            }
        }
        while (true) {
            int leadAt = leadBack ? Math.max(first, shownAt) : -1;
            StringBuilder text = new StringBuilder();
            for (int i = first; i < context.size(); i++) {
                Exchange e = context.get(i);
                String q = keptQuestion(e, questionPicture != null || i < leadAt);
                text.append(template.keptTurn(i == leadAt ? ModelInput.IMAGE_MARKER + q : q, modelText(e.answer())));
            }
            if (leadBack && (first == context.size() || leadAt >= context.size())) {
                text.append(template.userTurn(ModelInput.IMAGE_MARKER + modelText(question)));
            } else {
                text.append(asked);
            }
            ModelInput input = runPicture != null ? ModelInput.withPicture(text.toString(), runPicture)
                    : ModelInput.text(text.toString());
            if (inputTokens(input) + (partialTurn != null ? QUESTION_RESERVE : 0) <= free
                    || first == context.size()) {
                return new WrittenBack(input, context.size() - first);
            }
            first++; // cannot happen with an estimate that bounds the whole; kept as the guard
        }
    }

    /**
     * Asks whether the runtime keeps a prefill-only run in its KV cache (the vendor does not say):
     * one such run with the turn's marker and {@code sample} (a picture of the encoder's size) into
     * an empty conversation, comparing {@code rkllm_get_kv_cache_size} before and after; the cache
     * is cleared again. Until this has answered yes, {@link #prepare} prefills nothing.
     */
    public synchronized SplitProbe probeSplitPrefill(ImageEmbedding sample) {
        if (!held.isEmpty() || prepared != null) {
            throw new IllegalStateException("the prefill probe runs on a fresh conversation");
        }
        splitPrefill = false;
        int before = 0;
        int after = 0;
        String failure = null;
        try {
            model.clearHistory(true);
            before = model.kvCacheSize();
            after = before;
            model.prefill(ModelInput.withPicture(template.prefix() + ModelInput.IMAGE_MARKER, sample));
            after = model.kvCacheSize();
        } catch (RuntimeException e) {
            failure = e.getMessage();
        } finally {
            model.clearHistory(true);
        }
        boolean keeps = failure == null && after - before >= sample.tokens();
        splitPrefill = keeps;
        String message = failure != null ? "a prefill-only run failed (" + failure + ")"
                : keeps ? "the runtime keeps a prefill-only run: KV cache " + before + " -> " + after
                : "the runtime does not keep a prefill-only run (RKLLM_INFER_GET_LAST_HIDDEN_LAYER, keep_history=1): "
                + "KV cache " + before + " -> " + after + " for a picture of " + sample.tokens()
                + " tokens; each question is prefilled whole once heard";
        return new SplitProbe(keeps, before, after, message);
    }

    /** Whether {@link #prepare} can prefill (the probe found that the runtime keeps such a run); never waits. */
    @Override
    public boolean canPrepare() {
        return Boolean.TRUE.equals(splitPrefill);
    }

    /** Whether the conversation holds turns and no picture (a text conversation, another door's perhaps). */
    @Override
    public synchronized boolean holdsTextOnly() {
        return !held.isEmpty() && !pictureInCache && !pendingRestart && prepared == null;
    }

    /**
     * Prefills the first half of the next turn while its question is still being spoken: the
     * turn's marker and {@code newPicture} (after the recent turns written back, when the
     * conversation has to start again for a new picture or a full context). The next
     * {@link #ask} that brings the same picture then prefills only its question; any other next
     * question (or {@link #dropPrepared}) starts the conversation again, the half turn dropped.
     *
     * @return whether it was prefilled; false when the runtime cannot (see {@link #probeSplitPrefill}),
     *         the picture is the one already in the conversation, or one is already prepared
     * @throws LanguageModelException when the runtime fails; the next question starts again
     */
    @Override
    public synchronized boolean prepare(ImageEmbedding newPicture) {
        if (!Boolean.TRUE.equals(splitPrefill) || newPicture == null || prepared != null
                && samePicture(prepared.picture(), newPicture)
                || prepared == null && !pendingRestart && pictureInCache && samePicture(picture, newPicture)) {
            return false;
        }
        dropPrepared(); // a newer frame replaces a half turn nobody asked about
        LanguageModelSettings s = model.settings();
        String part = template.prefix() + ModelInput.IMAGE_MARKER;
        ModelInput input = ModelInput.withPicture(part, newPicture);
        int partTokens = inputTokens(input);
        String why = null;
        if (pendingRestart || pictureInCache) {
            why = NEW_PICTURE;
        } else if (model.kvCacheSize() + partTokens + QUESTION_RESERVE + s.maxNewTokens() > s.maxContextLen()) {
            why = CONTEXT_FULL;
        }
        ImageEmbedding pictureBefore = pendingRestart ? strandedPicture : picture;
        int kept = 0;
        if (why != null) {
            model.clearHistory(true); // the held exchanges stay the history; the ask that follows keeps them
            WrittenBack back = writtenBack("", newPicture, List.copyOf(held), null, s, part);
            input = back.input();
            kept = back.turns();
        }
        int kvBefore = model.kvCacheSize();
        RunStats stats;
        try {
            stats = model.prefill(input);
        } catch (PrefillStoppedException e) {
            // stopped part-way: what the cache holds is not a whole half turn
            startAgainAtNextQuestion(PREPARED_UNUSED, pictureBefore);
            return false;
        } catch (RuntimeException e) {
            // what the cache holds now is not known
            startAgainAtNextQuestion(AFTER_FAILURE, pictureBefore);
            throw e;
        }
        int grew = model.kvCacheSize() - kvBefore;
        if (grew < newPicture.tokens()) {
            if (grew < newPicture.tokens() / 2) {
                splitPrefill = false; // the runtime does not keep such a run after all: never again
            }
            if (why != null || grew > 0) {
                // cleared for it, or part of it kept
                startAgainAtNextQuestion(PREPARED_UNUSED, pictureBefore);
            }
            return false;
        }
        prepared = new Prepared(newPicture, why, kept, pictureBefore, stats);
        return true;
    }

    /** Drops a prefilled half turn whose question never came: the next question starts again. */
    @Override
    public synchronized void dropPrepared() {
        if (prepared != null) {
            startAgainAtNextQuestion(PREPARED_UNUSED, prepared.pictureBefore());
            prepared = null;
        }
    }

    /** The second half of a prepared turn: the question; null when the request is not the one prepared for. */
    private Answer askPrepared(Prepared pp, Request r, TokenListener listener) {
        if (r.expectedHistory() != null || r.picture() == null || !samePicture(pp.picture(), r.picture())) {
            return null;
        }
        LanguageModelSettings s = model.settings();
        ModelInput rest = ModelInput.text(modelText(r.question()) + template.postfix());
        int restTokens = inputTokens(rest);
        if (model.kvCacheSize() + restTokens + s.maxNewTokens() > s.maxContextLen()) {
            return null;
        }
        if (pp.why() != null) {
            restartNotice.accept(pp.why());
        }
        RunOutcome out;
        try {
            out = model.run(rest, true, r.options(), listener);
        } catch (RuntimeException e) {
            startAgainAtNextQuestion(AFTER_FAILURE, pp.pictureBefore());
            throw e;
        }
        pendingRestart = false;
        strandedPicture = null;
        picture = pp.picture();
        pictureInCache = true;
        remember(r, out.text());
        estimator.calibrate(restTokens, out.stats().prefillTokens());
        // the turn's whole prefill, both halves (the picture's ran while the question was spoken)
        RunStats both = new RunStats(pp.stats().prefillTokens() + out.stats().prefillTokens(),
                pp.stats().prefillMs() + out.stats().prefillMs(), out.stats().generateTokens(),
                out.stats().generateMs(), out.stats().memoryMb());
        return new Answer(out.text(), both, model.kvCacheSize(), pp.why() != null, true, out.aborted(),
                out.limitReached(), pp.keptTurns());
    }

    /**
     * The cache no longer holds what the history says (cleared for a turn that failed, or holding
     * half a turn): the next question starts again, writing the held exchanges back with
     * {@code picture} (the conversation's picture before, or null), and is told {@code why}.
     */
    private void startAgainAtNextQuestion(String why, ImageEmbedding picture) {
        pendingRestart = true;
        pendingWhy = why;
        strandedPicture = picture;
    }

    /** Keeps an answered turn in the history as its asker sees it, the oldest let go past {@value #MAX_HELD}. */
    private void remember(Request r, String answer) {
        held.add(new Exchange(r.question(), r.picture() == null ? null
                : r.pictureDigest() != null ? r.pictureDigest() : UNNAMED_PICTURE, answer));
        if (held.size() > MAX_HELD) {
            held.subList(0, held.size() - MAX_HELD).clear();
        }
    }

    /** A written-back question; {@code otherPicture}: the picture it had (if any) is not the one shown. */
    private static String keptQuestion(Exchange e, boolean otherPicture) {
        return (otherPicture && e.hasPicture() ? EARLIER_PICTURE : "") + modelText(e.question());
    }

    /**
     * Text from a person or a client as the model is given it: it cannot place a picture or write
     * chat markers of its own ({@code <image>} and {@code <|…|>} are broken up).
     */
    static String modelText(String text) {
        return text.replace(ModelInput.IMAGE_MARKER, "(image)").replace("<|", "< |");
    }

    private static boolean samePicture(ImageEmbedding a, ImageEmbedding b) {
        return a == b || a != null && b != null && a.tokens() == b.tokens() && java.util.Arrays.equals(a.values(),
                b.values());
    }

    /**
     * Tokens a run's text (with its chat markers) and picture may take in a fresh conversation: the context less the answer's room and the system prompt.
     */
    public static int room(LanguageModelSettings s, ChatTemplate template, TokenEstimator estimator) {
        return s.maxContextLen() - s.maxNewTokens() - estimator.estimate(template.systemPrompt());
    }

    /**
     * Called (on the asking thread) when a turn has to start a fresh conversation, before it runs,
     * with why ({@link #CONTEXT_FULL}, {@link #OTHER_HISTORY}, {@link #NEW_PICTURE}).
     */
    @Override
    public synchronized void onRestart(Consumer<String> notice) {
        this.restartNotice = notice;
    }

    public Answer ask(String question, TokenListener listener) {
        return ask(question, null, listener);
    }

    private int inputTokens(ModelInput input) {
        int tokens = estimator.estimate(input.text().replace(ModelInput.IMAGE_MARKER, ""));
        if (input.hasPicture()) {
            tokens += estimator.estimatePicture(input.picture().tokens());
        }
        return tokens;
    }

    /** Starts a new conversation: the KV cache is cleared, the system prompt kept, the picture forgotten. */
    @Override
    public synchronized void reset() {
        clear();
    }

    private void clear() {
        model.clearHistory(true);
        prepared = null;
        pendingRestart = false;
        strandedPicture = null;
        picture = null;
        pictureInCache = false;
        held.clear();
    }

    /** The turns as clients see them, oldest first (empty after a reset; at most {@value #MAX_HELD}). */
    @Override
    public synchronized List<Exchange> history() {
        return List.copyOf(held);
    }

    /** Stops the answer being generated, from any thread. */
    @Override
    public void abort() {
        model.abort();
    }

    @Override
    public boolean isAnswering() {
        return model.isRunning();
    }

    /** Whether the history holds a picture that text-only follow-ups can refer to. */
    @Override
    public synchronized boolean hasPictureInContext() {
        return pictureInCache;
    }

    @Override
    public int kvCacheSize() {
        return model.kvCacheSize();
    }

    public LanguageModelSettings settings() {
        return model.settings();
    }

    @Override
    public int contextLimit() {
        return model.settings().maxContextLen();
    }

    @Override
    public void close() {
        model.close();
    }
}
