package dev.benchmate.core;

import dev.benchmate.listening.Command;
import dev.benchmate.looking.Camera;
import dev.benchmate.looking.ViewSignature;
import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.Picture;
import dev.benchmate.media.TokenListener;
import dev.benchmate.speaking.Earcons;
import dev.benchmate.speaking.SpeechOutput;
import dev.benchmate.speaking.SpokenAnswer;
import dev.benchmate.thinking.Answer;
import dev.benchmate.thinking.Conversation;
import dev.benchmate.thinking.LanguageModelException;
import dev.benchmate.thinking.QuestionTooLongException;
import dev.benchmate.thinking.RunStats;
import dev.benchmate.media.AudioClip;
import dev.benchmate.transcribing.Transcriber;
import dev.benchmate.transcribing.Transcript;
import dev.benchmate.transcribing.TranscriptionAtPauses;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The assistant every front door uses: the voice loop, the commands, the web. A question goes in
 * with {@link #ask}; its answer streams to the voice (when asked to speak) and to the caller's
 * {@link AnswerSink}, and its {@link Turn} completes with the result. Everything a turn does is an
 * event on the hub.
 *
 * <p>Turns run one at a time on the turn thread ({@link TurnQueue}: the voice first, the others
 * in a bounded queue). At speech start the camera's frame is taken and encoded at once on the
 * vision thread, while the person is still talking; the picture policy then decides whether the
 * question gets it. {@link #stop()} and {@link #newConversation} act at once from any thread: they
 * abort the generation (or keep it from starting) and silence the voice without waiting for the
 * turn. A turn that fails says so (an event with its stage, the error earcon and a spoken apology
 * when it was spoken to) and leaves the assistant ready; one that does not end within its limit is
 * reported stuck.
 */
public final class Assistant implements AutoCloseable {
    private static final int KEPT_LATENCIES = 20;
    /** A frame encoded at speech start serves a question that ended at most this long after. */
    private static final Duration PENDING_PICTURE_AGE = Duration.ofSeconds(20);
    private static final int NO_RESET = 0;
    private static final int RESET = 1;
    private static final int RESET_AND_ANNOUNCE = 2;

    private final Brain brain;
    private final Camera camera;
    private final Optional<Transcriber> transcriber;
    private final SpeechOutput voice;
    private final EventHub hub;
    private final AssistantSettings settings;
    private final InstantSource clock;
    private final TurnQueue queue;
    private final Supervisor.Worker worker;
    /** One encoding at a time, one more waiting; beyond that a frame is skipped. */
    private final ThreadPoolExecutor vision = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1), r -> {
                Thread t = new Thread(r, "benchmate-vision");
                t.setDaemon(true);
                return t;
            });
    /**
     * Transcribes a spoken question the moment it is asked, beside whatever the turn thread is
     * doing (a picture's prefill, the answer before): one at a time, two more waiting; beyond that
     * the turn transcribes its question itself.
     */
    private final ThreadPoolExecutor hearing = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(2), r -> {
                Thread t = new Thread(r, "benchmate-transcribing");
                t.setDaemon(true);
                return t;
            });
    /** Transcription at the person's pauses, or null when off. */
    private volatile TranscriptionAtPauses atPauses;
    /** The newest audio so far at a pause, waiting for the transcription thread. */
    private final java.util.concurrent.atomic.AtomicReference<AudioClip> pauseWaiting =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** Transcriptions under way for questions waiting in the queue, by turn id; the turn takes its own. */
    private final Map<Long, Future<Heard>> hearings = new java.util.concurrent.ConcurrentHashMap<>();

    /** A question's words and when they were ready (System.nanoTime()). */
    private record Heard(Transcript transcript, long readyNanos) {
    }
    /** Turns stopped while their question was being transcribed, before they started. */
    private final java.util.Set<Long> stoppedWhileHeard = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicLong turnIds = new AtomicLong();
    private final Deque<TurnLatency.OfTurn> recent = new ArrayDeque<>();
    /** Turns started and not ended (an answer may still be spoken); guarded by itself. */
    private final Map<Long, Active> active = new HashMap<>();
    private final AtomicInteger resetRequested = new AtomicInteger(NO_RESET);
    private final Object pendingLock = new Object();
    private PendingPicture pending;
    private volatile Runnable pushToTalk = () -> { };
    private volatile boolean lookNext;
    private volatile boolean loopListening;
    private volatile String lastAnswer = "";
    private volatile Picture lastPicture;
    /** Only the turn thread touches it. */
    private Instant lastTurn;
    /** The view encoded before it is asked about, and the last encoding kept for the same view. */
    private final LookingAhead ahead;

    /**
     * A frame being encoded for the question now spoken: its encoding (this question's own future:
     * cancelling it leaves a kept encoding alone), the frame, when its encoding started (at speech
     * start, or earlier when the view was encoded ahead) and when it was taken (speech start).
     */
    private record PendingPicture(CompletableFuture<ImageEmbedding> embedding, Picture frame, long startedNanos,
                                  long takenNanos) {
    }

    /** A turn that has started and not yet ended. */
    private static final class Active {
        final long id;
        final long sinceNanos = System.nanoTime();
        final AtomicBoolean reportedStuck = new AtomicBoolean();
        volatile TurnState state = TurnState.THINKING;
        /** Stop was asked for: the turn does not start what it has not started, and ends what it has. */
        volatile boolean stopRequested;

        Active(long id) {
            this.id = id;
        }
    }

    public Assistant(Brain brain, Camera camera, Optional<Transcriber> transcriber, SpeechOutput voice, EventHub hub,
                     Supervisor supervisor, AssistantSettings settings, InstantSource clock) {
        this.brain = brain;
        this.camera = camera;
        this.transcriber = transcriber;
        this.voice = voice;
        this.hub = hub;
        this.settings = settings;
        this.clock = clock;
        this.queue = new TurnQueue(settings.queueSize(), settings.maxWait(), this::refused);
        voice.onProblem(problem -> hub.publish(0, new TurnEvent.Failed(Stage.EARCON, problem, true)));
        this.ahead = new LookingAhead(camera, frame -> Optional.ofNullable(encodeOnVisionThread(frame)),
                this::idleForLookingAhead, why -> hub.publish(0, new TurnEvent.Failed(Stage.VISION, why, true)));
        this.worker = supervisor.start("turns", Stage.TURN, settings.turnLimit().plusSeconds(10), this::serve);
        supervisor.probe("turns", this::stuckTurn);
    }

    // ---------------------------------------------------------------- front doors

    /**
     * Takes a question. Returns at once with its turn; the answer follows on the turn thread.
     *
     * @throws BusyException when the question cannot wait for the NPU (its queue is full)
     */
    public Turn ask(Question question, AnswerSink sink) {
        Turn turn = new Turn(turnIds.incrementAndGet(), new CompletableFuture<>());
        if (question.audio() != null && transcriber.isPresent()) {
            Transcriber t = transcriber.get();
            try {
                hearings.put(turn.id(), hearing.submit(() -> new Heard(transcribe(t, question.audio()), System.nanoTime())));
            } catch (RejectedExecutionException e) {
                // the turn transcribes it itself
            }
        }
        try {
            queue.add(new TurnQueue.Pending(turn, question, sink),
                    waiting -> hub.publish(turn.id(), new TurnEvent.Accepted(question.from(), waiting)));
        } catch (RuntimeException e) {
            cancelHearing(turn.id());
            throw e;
        }
        return turn;
    }

    /**
     * Turns transcription at the person's pauses on or off (off by default): at a pause the audio so
     * far is transcribed beside the turn, and at the question's end only the rest is. Stays off for
     * a transcriber that knows whole utterances only.
     */
    public void transcribeAtPauses(boolean on) {
        transcribeAtPauses(on, true);
    }

    /**
     * The same; joinParts false: only an early transcription that already is the whole question
     * (made at the pause that began its final silence) is used, never one joined from parts.
     */
    public void transcribeAtPauses(boolean on, boolean joinParts) {
        atPauses = on ? transcriber.filter(Transcriber::hearsParts).map(t -> new TranscriptionAtPauses(t, joinParts))
                .orElse(null) : null;
    }

    /**
     * The audio of an utterance up to a pause, from the capture thread: transcribed on the
     * transcription thread, after whatever it is doing. At most one pause waits: a newer one
     * replaces it (the pause that begins the final silence must not be lost behind an earlier
     * pause's transcription). Never blocks.
     */
    public void heardSoFar(AudioClip soFar) {
        TranscriptionAtPauses p = atPauses;
        if (p == null || pauseWaiting.getAndSet(soFar) != null) {
            return; // off, or a job is queued already: it takes this newer audio
        }
        try {
            hearing.execute(() -> {
                AudioClip newest = pauseWaiting.getAndSet(null);
                if (newest == null) {
                    return;
                }
                try {
                    p.hearSoFar(newest);
                } catch (RuntimeException e) {
                    // the question's end transcribes the whole utterance
                }
            });
        } catch (RejectedExecutionException e) {
            pauseWaiting.set(null); // busy or stopping: dropped
        }
    }

    /** A spoken question's words: only its rest when its beginning was heard at a pause. */
    private Transcript transcribe(Transcriber t, AudioClip audio) {
        TranscriptionAtPauses p = atPauses;
        return p == null ? t.transcribe(audio) : p.transcribe(audio);
    }

    private void cancelHearing(long turnId) {
        stoppedWhileHeard.remove(turnId);
        Future<Heard> f = hearings.remove(turnId);
        if (f != null) {
            f.cancel(false);
        }
    }

    /** The question's words: from the transcription begun when it was asked, or transcribed now. */
    private Heard hear(long turnId, Transcriber t, AudioClip audio) throws InterruptedException {
        Future<Heard> early = hearings.remove(turnId);
        if (early == null) {
            return new Heard(transcribe(t, audio), System.nanoTime());
        }
        try {
            return early.get();
        } catch (java.util.concurrent.CancellationException e) {
            throw new IllegalStateException("the transcription was cancelled (Benchmate is stopping)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** A question accepted earlier and refused now (it waited too long, or Benchmate is stopping). */
    private void refused(TurnQueue.Pending p, BusyException e) {
        cancelHearing(p.turn().id());
        hub.publish(p.turn().id(), new TurnEvent.Failed(Stage.TURN, e.getMessage(), false));
        p.turn().result().completeExceptionally(e);
    }

    /**
     * Stops the answer in progress, wherever it is: the voice falls silent and the generation ends
     * within a token; a turn still transcribing or looking does not go on to think.
     */
    public void stop() {
        synchronized (active) {
            if (active.isEmpty()) {
                // nothing has started: the questions still being transcribed are what is under way (a
                // turn is put in active, under this lock, before it leaves hearings)
                stoppedWhileHeard.addAll(hearings.keySet());
            }
            active.values().forEach(a -> a.stopRequested = true);
        }
        voice.stop();
        brain.conversation().abort();
    }

    /**
     * Starts a new conversation: what is being answered stops now, the KV cache is cleared before
     * the next question. Returns at once.
     *
     * @param announce say "New conversation." when it is done
     */
    public void newConversation(boolean announce) {
        stop();
        resetRequested.accumulateAndGet(announce ? RESET_AND_ANNOUNCE : RESET, Math::max);
        try {
            queue.addControl(() -> {
                if (resetIfRequested(0) == RESET_AND_ANNOUNCE) {
                    voice.say("New conversation.");
                }
            });
        } catch (BusyException e) {
            // Control work piled up: the next question does the reset (it checks the request itself).
        }
    }

    /** Push-to-talk pressed: the loop takes the next utterance as a question. */
    public void pushToTalk() {
        pushToTalk.run();
    }

    /** What push-to-talk does (the voice loop arms its hands-free rules). */
    public void onPushToTalk(Runnable action) {
        this.pushToTalk = action;
    }

    /**
     * Whether a voice loop listens: a turn then ends in LISTENING (or FOLLOW_UP), otherwise in
     * IDLE, so that nobody is told Benchmate listens when no microphone does.
     */
    public void listening(boolean on) {
        loopListening = on;
    }

    /** A spoken command, from the voice loop. */
    public void command(Command command) {
        hub.publish(0, new TurnEvent.CommandTaken(command.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        switch (command) {
            case STOP -> stop();
            case NEW_CONVERSATION -> newConversation(true);
            case LOOK -> lookNext = true;
            case REPEAT -> {
                String last = lastAnswer;
                if (!last.isEmpty()) {
                    voice.say(last);
                }
            }
        }
    }

    /**
     * Speech has started: take the frame now and encode it while the person talks. Never waits
     * (it is called on the audio capture thread). Where the view is the one encoded ahead (see
     * {@link LookingAhead}), that encoding serves, finished or under way. Without a frame, or with
     * the encoder still busy with the last one, the encoding already under way stays. Once
     * encoded, a picture the question will surely take (the conversation has none yet, or "look"
     * was said) is prefilled too, on the turn thread between turns, where the runtime keeps such a
     * run (see {@link Conversation#prepare}).
     */
    public void speechStarted() {
        Optional<Picture> frame = camera.latestFrame();
        if (frame.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        ViewSignature view = ViewSignature.of(frame.get());
        LookingAhead.Encoded seen = ahead.takeFor(view).orElse(null);
        if (seen == null) {
            CompletableFuture<ImageEmbedding> encoding = encodeOnVisionThread(frame.get());
            if (encoding == null) {
                hub.publish(0, new TurnEvent.Failed(Stage.VISION, "the vision encoder is behind: this frame is "
                        + "skipped", true));
                return;
            }
            seen = ahead.remember(view, frame.get(), encoding, now);
        }
        CompletableFuture<ImageEmbedding> mine = seen.embedding().thenApply(e -> e);
        PendingPicture next = new PendingPicture(mine, seen.frame(), seen.startedNanos(), now);
        PendingPicture old;
        synchronized (pendingLock) {
            old = pending;
            pending = next;
        }
        if (old != null) {
            old.embedding().cancel(false);
        }
        // Not on the capture thread; a failed encoding is the question's to report (its look).
        mine.whenCompleteAsync((embedding, error) -> {
            if (error != null) {
                return;
            }
            try {
                offerPrefill(next, embedding);
            } catch (RuntimeException e) {
                hub.publish(0, new TurnEvent.Failed(Stage.THINKING, "the picture could not be offered for prefill ("
                        + Supervisor.describe(e) + "): the question takes it with itself", true));
            }
        }, java.util.concurrent.ForkJoinPool.commonPool());
    }

    /** Encodes a frame on the vision thread; null where it is busy with one and has one waiting. */
    private CompletableFuture<ImageEmbedding> encodeOnVisionThread(Picture frame) {
        CompletableFuture<ImageEmbedding> encoded = new CompletableFuture<>();
        try {
            vision.execute(() -> {
                try {
                    encoded.complete(brain.look(frame));
                } catch (RuntimeException | Error e) {
                    encoded.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            return null;
        }
        return encoded;
    }

    /** Nothing under way that the NPU or the vision thread should serve first. */
    private boolean idleForLookingAhead() {
        synchronized (active) {
            if (!active.isEmpty()) {
                return false;
            }
        }
        synchronized (pendingLock) {
            if (pending != null) {
                if (System.nanoTime() - pending.takenNanos() <= PENDING_PICTURE_AGE.toNanos()) {
                    return false;
                }
                pending.embedding().cancel(false); // its utterance never became a question
                pending = null;
            }
        }
        return queue.waiting() == 0 && vision.getActiveCount() == 0 && vision.getQueue().isEmpty();
    }

    /**
     * How the view is encoded ahead and when two views are the same (see {@link LookingAhead});
     * the wiring sets it once, before any question.
     */
    public void lookingAhead(LookingAhead.Settings settings) {
        ahead.configure(settings);
    }

    /** Starts encoding the camera's view ahead of questions, where its settings say so; once. */
    public void startLookingAhead() {
        ahead.start();
    }

    /** Both at once. */
    public void lookAhead(LookingAhead.Settings settings) {
        lookingAhead(settings);
        startLookingAhead();
    }

    /** Encodings started ahead of a question since start. */
    public int encodedAhead() {
        return ahead.aheadCount();
    }

    /** A picture encoded during speech, offered for prefill: only the newest waits, at most one control job. */
    private record PrefillOffer(PendingPicture frame, ImageEmbedding embedding) {
    }

    private final java.util.concurrent.atomic.AtomicReference<PrefillOffer> prefillOffer =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** On the vision thread: asks the turn thread to prefill the picture before its question comes. */
    private void offerPrefill(PendingPicture next, ImageEmbedding embedding) {
        if (!brain.conversation().canPrepare() || next.embedding().isCancelled()) {
            return;
        }
        if (prefillOffer.getAndSet(new PrefillOffer(next, embedding)) != null) {
            return; // a control job is already queued: it takes this newer one
        }
        try {
            queue.addControl(this::prefillWhileSpoken);
        } catch (BusyException e) {
            prefillOffer.set(null); // not prefilled ahead: the question prefills it with itself
        }
    }

    /** On the turn thread, between turns: the picture's half of the next turn, if it is still to come. */
    private void prefillWhileSpoken() {
        PrefillOffer offer = prefillOffer.getAndSet(null);
        if (offer == null || queue.waiting() > 0) {
            return; // a question is already waiting: it takes its picture with itself
        }
        synchronized (pendingLock) {
            if (pending != offer.frame()) {
                return; // taken by its question already, or replaced by a newer frame
            }
        }
        dev.benchmate.thinking.Chat c = brain.conversation();
        boolean look = lookNext;
        if (!look && (c.hasPictureInContext() || c.holdsTextOnly())) {
            // a follow-up (its words will say whether it takes a picture), or a text conversation that
            // chatter near the microphone must not disturb
            return;
        }
        try {
            c.prepare(offer.embedding());
        } catch (RuntimeException e) {
            hub.publish(0, new TurnEvent.Failed(Stage.THINKING, "prefilling the picture while the question was "
                    + "spoken failed (" + Supervisor.describe(e) + "): the question takes it with itself", true));
        }
    }

    /**
     * From the voice loop: the utterance that began at {@link #speechStarted()} was no question (a
     * command, the wake phrase alone, speech that did not count): its picture is dropped, and a
     * half turn prefilled for it too, before the next question.
     */
    public void notAQuestion() {
        dropPending();
        try {
            queue.addControl(() -> brain.conversation().dropPrepared());
        } catch (BusyException e) {
            // the next question finds the half turn unused and starts again anyway
        }
    }

    public List<TurnLatency.OfTurn> recentLatencies() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /** The camera's latest frame. */
    public Optional<Picture> latestFrame() {
        return camera.latestFrame();
    }

    /** The picture the last turn with a picture used. */
    public Optional<Picture> lastPicture() {
        return Optional.ofNullable(lastPicture);
    }

    /** Questions waiting for the NPU. */
    public int waiting() {
        return queue.waiting();
    }

    // ---------------------------------------------------------------- the turn thread

    private void serve(Supervisor.Worker w) {
        while (!w.stopping()) {
            w.waiting();
            TurnQueue.Pending p;
            try {
                p = queue.take(control -> {
                    w.working();
                    try {
                        control.run();
                    } catch (RuntimeException e) {
                        hub.publish(0, new TurnEvent.Failed(Stage.THINKING, "starting a new conversation failed: "
                                + Supervisor.describe(e), false));
                    }
                    w.waiting();
                });
            } catch (InterruptedException e) {
                if (w.stopping()) {
                    return;
                }
                continue;
            }
            if (p == null) {
                return;
            }
            w.working();
            run(p);
        }
    }

    private void run(TurnQueue.Pending p) {
        long id = p.turn().id();
        Active a = new Active(id);
        synchronized (active) {
            active.put(id, a);
        }
        if (stoppedWhileHeard.remove(id)) {
            a.stopRequested = true;
        }
        AnswerDelivery delivery = p.sink() == AnswerSink.NONE ? null : new AnswerDelivery(p.sink(), id,
                problem -> hub.publish(id, new TurnEvent.Failed(Stage.TURN, problem, true)));
        boolean handedOn = false;
        try {
            handedOn = answer(p, a, delivery);
        } catch (TurnFailedException e) {
            fail(p, e);
        } catch (RuntimeException | Error e) {
            fail(p, new TurnFailedException(Stage.TURN, "the turn failed unexpectedly: " + Supervisor.describe(e),
                    false, e));
        } finally {
            stoppedWhileHeard.remove(id); // marked after it started: its Active was stopped too
            if (!handedOn) {
                end(id, null);
                if (delivery != null) {
                    delivery.finish();
                }
            }
        }
    }

    /** @return true when the turn ends later, when its spoken answer ends */
    private boolean answer(TurnQueue.Pending p, Active a, AnswerDelivery delivery) {
        long id = p.turn().id();
        Question q = p.question();
        String text;
        double transcriptMs = 0;
        if (q.audio() != null) {
            a.state = TurnState.TRANSCRIBING;
            hub.publish(id, new TurnEvent.StateChanged(TurnState.TRANSCRIBING));
            Transcriber t = transcriber.orElseThrow(() -> new TurnFailedException(Stage.TRANSCRIBING,
                    "cannot transcribe: no Whisper model (set benchmate.transcribing.model)", false, null));
            Heard words;
            try {
                words = hear(id, t, q.audio());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TurnFailedException(Stage.TRANSCRIBING, "interrupted while transcribing", false, e);
            } catch (RuntimeException e) {
                throw new TurnFailedException(Stage.TRANSCRIBING, "transcription failed: " + Supervisor.describe(e),
                        false, e);
            }
            Transcript heard = words.transcript();
            // when the words were ready, even if the turn thread was busy (a picture's prefill) until later
            transcriptMs = (words.readyNanos() - q.endNanos()) / 1e6;
            text = heard.nothingHeard() ? "" : heard.text().trim();
            if (q.afterWakePhrase()) {
                text = settings.stripWakePhrase().apply(text).trim();
            }
            if (text.isEmpty()) {
                dropPending();
                queue.finished(p);
                end(id, TurnState.LISTENING);
                p.turn().result().complete(TurnResult.nothingHeard(id, transcriptMs));
                return false;
            }
            hub.publish(id, new TurnEvent.Transcribed(text));
        } else {
            text = q.text().trim();
        }

        a.state = TurnState.THINKING;
        hub.publish(id, new TurnEvent.StateChanged(TurnState.THINKING));
        List<String> problems = new ArrayList<>();
        if (a.stopRequested) {
            dropPending();
            complete(new Finished(p, text, stoppedBeforeThinking(), transcriptMs, Looked.NONE, -1, false, problems),
                    null, delivery);
            return false;
        }
        if (q.speak()) {
            voice.earcon(Earcons.Kind.THINKING);
        }
        int reset = resetIfRequested(id);
        boolean freshStart = reset != NO_RESET || startFreshIfIdle(id);
        Looked looked = look(id, q, text, problems);

        SpokenAnswer spoken = q.speak() ? voice.begin(brain.conversation()::abort) : null;
        if (spoken != null && reset == RESET_AND_ANNOUNCE) {
            spoken.onText("New conversation. ");
        }
        long[] firstToken = {-1};
        TokenListener listener = piece -> {
            if (a.stopRequested) {
                brain.conversation().abort(); // a stop that came before the run began
            }
            if (firstToken[0] < 0) {
                firstToken[0] = System.nanoTime();
                if (spoken != null) { // an answer that is only written stays THINKING until it ends
                    a.state = TurnState.SPEAKING;
                    hub.publish(id, new TurnEvent.StateChanged(TurnState.SPEAKING));
                }
            }
            hub.publish(id, new TurnEvent.Token(piece));
            if (spoken != null) {
                spoken.onText(piece);
            }
            if (delivery != null) {
                delivery.text(piece);
            }
        };
        brain.conversation().onRestart(why -> {
            hub.publish(id, new TurnEvent.ConversationRestarted(why));
            if (spoken != null) {
                spoken.onText(dev.benchmate.thinking.Conversation.CONTEXT_FULL.equals(why)
                        ? "My memory was full: I kept the picture and what we just said. "
                        : "Starting a new conversation. ");
            }
        });
        brain.conversation().onFallback((say, why) -> { // the NPU answers instead of the engine on the LAN
            if (why != null) {
                problems.add(why);
                hub.publish(id, new TurnEvent.Failed(Stage.THINKING, why, true));
            }
            if (spoken != null && say != null) {
                spoken.onText(say + " ");
                return true;
            }
            return false; // not spoken: the announcement is still owed to the person
        });
        if (brain.conversation() instanceof RemoteFirst fallingBack) { // its picture encoded on the NPU, there and then
            fallingBack.onVisionProblem(problem -> {
                problems.add(problem);
                hub.publish(id, new TurnEvent.Failed(Stage.VISION, problem, true));
            });
        }
        Answer answer;
        Looked[] seen = {looked};
        try {
            if (a.stopRequested) {
                answer = stoppedBeforeThinking();
            } else {
                answer = think(id, q, text, seen, listener, firstToken, problems);
            }
        } catch (QuestionTooLongException e) {
            stopQuietly(spoken);
            throw new TurnFailedException(Stage.THINKING, e.getMessage(), true, e);
        } catch (LanguageModelException e) {
            stopQuietly(spoken);
            throw new TurnFailedException(Stage.THINKING, e.getMessage(), false, e);
        } finally {
            brain.conversation().onRestart(why -> { });
            brain.conversation().onFallback((say, why) -> false);
            if (brain.conversation() instanceof RemoteFirst fallingBack) {
                fallingBack.onVisionProblem(problem -> { });
            }
        }
        looked = seen[0];
        lastTurn = clock.instant();
        if (!answer.text().isEmpty()) {
            lastAnswer = answer.text();
        }
        queue.finished(p);
        Finished f = new Finished(p, text, answer, transcriptMs, looked, firstToken[0], freshStart, problems);
        if (spoken == null) {
            complete(f, null, delivery);
            return false;
        }
        spoken.finish();
        spoken.done().whenComplete((s, e) -> {
            try {
                complete(f, spoken, delivery);
            } catch (RuntimeException | Error t) {
                end(id, null);
                p.turn().result().completeExceptionally(t);
            }
        });
        return true;
    }

    /**
     * The model's answer; a picture the runtime refuses before saying anything is left out. A
     * question that expects a history goes with it into the conversation, which compares it with
     * the one held; when it starts again with that history and the latest picture in it is needed,
     * that picture is encoded then (seen[0] then says so).
     */
    private Answer think(long id, Question q, String text, Looked[] seen, TokenListener listener, long[] firstToken,
                         List<String> problems) {
        Looked looked = seen[0];
        String digest = null;
        if (looked.embedding() != null) {
            digest = q.picture() instanceof Question.PictureChoice.Given given && given.digest() != null
                    ? given.digest() : "frame:turn-" + id; // a camera frame: no client picture has this digest
        }
        List<dev.benchmate.thinking.Exchange> expected = q.history() == null ? null : q.history().exchanges();
        java.util.function.Supplier<ImageEmbedding> historyPicture = q.history() == null
                || q.history().latestPicture() == null ? null : () -> {
            Picture picture = q.history().latestPicture();
            try {
                ImageEmbedding embedding = brain.look(picture);
                lastPicture = picture;
                hub.publish(id, new TurnEvent.PictureTaken(embedding.source(), picture.width(), picture.height()));
                seen[0] = new Looked(embedding, embedding.encodeTime().toNanos() / 1e6, 0);
                return embedding;
            } catch (RuntimeException e) {
                String problem = "the conversation's picture could not be encoded (" + Supervisor.describe(e)
                        + "): answering without it";
                problems.add(problem);
                hub.publish(id, new TurnEvent.Failed(Stage.VISION, problem, true));
                return null;
            }
        };
        try {
            return brain.ask(new Conversation.Request(text, looked.embedding(), digest, expected, historyPicture,
                    q.options()), listener);
        } catch (LanguageModelException e) {
            if (seen[0].embedding() == null || firstToken[0] >= 0 || unreachable(e)) {
                throw e;
            }
            String problem = "the model could not take the picture (" + e.getMessage() + "): answering without it";
            problems.add(problem);
            hub.publish(id, new TurnEvent.Failed(Stage.THINKING, problem, true));
            seen[0] = Looked.NONE;
            return brain.ask(new Conversation.Request(text, null, null, expected, null, q.options()), listener);
        }
    }

    /**
     * An engine on the LAN that failed other than by refusing the request (400, 413, 422): unreachable,
     * slow, a 5xx, a broken stream. Asking it again without the picture would not help.
     */
    private static boolean unreachable(LanguageModelException e) {
        return e instanceof dev.benchmate.thinking.remote.EngineException r && !RemoteFirst.requestProblem(r);
    }

    private Answer stoppedBeforeThinking() {
        return new Answer("", RunStats.NONE, brain.conversation().kvCacheSize(), false, false, true);
    }

    private static void stopQuietly(SpokenAnswer spoken) {
        if (spoken != null) {
            spoken.stop();
        }
    }

    /** What a turn had when generation ended. */
    private record Finished(TurnQueue.Pending pending, String question, Answer answer, double transcriptMs,
                            Looked looked, long firstTokenNanos, boolean freshStart, List<String> problems) {
    }

    private void complete(Finished f, SpokenAnswer spoken, AnswerDelivery delivery) {
        queue.finished(f.pending());
        long id = f.pending().turn().id();
        Question q = f.pending().question();
        long end = System.nanoTime();
        double firstAudioMs = spoken == null ? -1 : spoken.firstAudioNanos()
                .map(t -> (t - q.endNanos()) / 1e6).orElse(-1.0);
        TurnLatency latency = new TurnLatency(f.transcriptMs(), f.looked().encodeMs(), f.looked().hiddenMs(),
                f.answer().stats().prefillMs(), f.firstTokenNanos() < 0 ? -1 : (f.firstTokenNanos() - q.endNanos()) / 1e6,
                firstAudioMs, (end - q.endNanos()) / 1e6, f.answer().thinker());
        synchronized (recent) {
            recent.addLast(new TurnLatency.OfTurn(id, latency));
            while (recent.size() > KEPT_LATENCIES) {
                recent.removeFirst();
            }
        }
        Optional<String> speechProblem = spoken == null ? Optional.empty() : spoken.problem();
        speechProblem.ifPresent(problem -> hub.publish(id, new TurnEvent.Failed(Stage.SPEAKING, problem, true)));
        boolean stopped = f.answer().aborted() || (spoken != null && spoken.stopped() && spoken.failure().isEmpty());
        hub.publish(id, new TurnEvent.Answered(f.question(), f.answer().text(), f.answer().pictureAttached(), stopped,
                latency));
        end(id, q.from() == FrontDoor.VOICE && !stopped ? TurnState.FOLLOW_UP : TurnState.LISTENING);
        TurnResult result = new TurnResult(id, true, f.question(), f.answer().text(), f.answer().pictureAttached(),
                f.answer().restarted() || f.freshStart(), stopped, latency,
                spoken == null ? List.of() : spoken.spokenSentences(), speechProblem, List.copyOf(f.problems()),
                f.answer().stats().prefillTokens(), f.answer().stats().generateTokens(),
                f.answer().limitReached() && !stopped);
        if (delivery == null) {
            f.pending().turn().result().complete(result);
        } else {
            // The receiver has every piece before it learns the turn is over (bounded: a stalled one is left behind).
            delivery.finish().completeOnTimeout(null, 10, TimeUnit.SECONDS)
                    .whenComplete((v, e) -> f.pending().turn().result().complete(result));
        }
    }

    private void fail(TurnQueue.Pending p, TurnFailedException e) {
        queue.finished(p);
        long id = p.turn().id();
        hub.publish(id, new TurnEvent.Failed(e.stage(), e.getMessage(), false));
        dropPending();
        if (p.question().speak()) {
            voice.say(apology(e), Earcons.Kind.ERROR);
        }
        end(id, TurnState.LISTENING);
        p.turn().result().completeExceptionally(e);
    }

    private static String apology(TurnFailedException e) {
        if (e.stage() == Stage.THINKING && e.badQuestion()) {
            return "That question is too long for me. Please ask it in shorter parts.";
        }
        if (e.stage() == Stage.THINKING && e.getCause() instanceof dev.benchmate.thinking.remote.EngineException) {
            return "The server is not answering. Please try again in a moment.";
        }
        if (e.stage() == Stage.TRANSCRIBING) {
            return "Sorry, I could not make out the question. Please ask again.";
        }
        return "Sorry, something went wrong. Please ask again.";
    }

    /**
     * The turn has ended: it leaves the active turns and, unless another is under way, the state
     * after it is published — in one step, so that a turn starting meanwhile never sees a state
     * that is not its own.
     *
     * @param state the state to publish, or null for none
     */
    private void end(long id, TurnState state) {
        if (!loopListening && state != null) {
            state = TurnState.IDLE;
        }
        synchronized (active) {
            if (active.remove(id) != null && state != null && active.isEmpty()) {
                hub.publish(id, new TurnEvent.StateChanged(state));
            }
        }
    }

    // ---------------------------------------------------------------- conversation lifecycle

    /** Does a requested reset, if there is one; returns what was requested. */
    private int resetIfRequested(long id) {
        int requested = resetRequested.getAndSet(NO_RESET);
        if (requested != NO_RESET) {
            try {
                brain.conversation().reset();
                lookNext = false;
                hub.publish(id, new TurnEvent.ConversationRestarted("asked for"));
            } catch (RuntimeException e) {
                resetRequested.accumulateAndGet(requested, Math::max); // not done: the next question tries again
                throw e;
            }
        }
        return requested;
    }

    /** After the idle timeout the conversation starts afresh (only worth it when it holds a picture). */
    private boolean startFreshIfIdle(long id) {
        Instant now = clock.instant();
        if (lastTurn != null && Duration.between(lastTurn, now).compareTo(settings.idleTimeout()) > 0
                && brain.conversation().hasPictureInContext()) {
            brain.conversation().reset();
            hub.publish(id, new TurnEvent.ConversationRestarted("idle for more than "
                    + settings.idleTimeout().toSeconds() + " s"));
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- the picture

    /** The picture of a turn, and what its encoding cost. */
    private record Looked(ImageEmbedding embedding, double encodeMs, double hiddenMs) {
        static final Looked NONE = new Looked(null, 0, 0);
    }

    private Looked look(long id, Question q, String text, List<String> problems) {
        boolean lookCommand = lookNext;
        lookNext = false;
        boolean wanted;
        if (q.picture() instanceof Question.PictureChoice.Auto) {
            wanted = settings.policy().wantsPicture(text, brain.conversation().hasPictureInContext(), lookCommand);
        } else {
            wanted = !(q.picture() instanceof Question.PictureChoice.None);
        }
        PendingPicture encoding = takePending();
        if (encoding != null && (!wanted || q.picture() instanceof Question.PictureChoice.Given
                || !belongsTo(encoding, q))) {
            encoding.embedding().cancel(false); // encoded but not for this question: dropped
            encoding = null;
        }
        if (!wanted) {
            return Looked.NONE;
        }
        try {
            Picture picture;
            ImageEmbedding embedding;
            long started;
            if (q.picture() instanceof Question.PictureChoice.Given given) {
                picture = given.picture();
                started = System.nanoTime();
                embedding = brain.look(picture);
            } else if (encoding != null) {
                picture = encoding.frame();
                try {
                    embedding = encoding.embedding().get();
                    started = encoding.startedNanos();
                } catch (ExecutionException e) {
                    if (encoding.startedNanos() >= encoding.takenNanos()) {
                        throw e; // its own encoding failed
                    }
                    started = System.nanoTime(); // an encoding made ahead failed (it said so): this frame now
                    embedding = brain.look(picture);
                }
            } else {
                Optional<Picture> frame = camera.latestFrame();
                if (frame.isEmpty()) {
                    String problem = "no camera frame (" + camera.describe() + "): answering without a picture";
                    problems.add(problem);
                    hub.publish(id, new TurnEvent.Failed(Stage.CAMERA, problem, true));
                    return Looked.NONE;
                }
                picture = frame.get();
                ViewSignature view = ViewSignature.of(picture);
                LookingAhead.Encoded seen = ahead.takeFor(view).orElse(null);
                embedding = null;
                started = System.nanoTime();
                if (seen != null) {
                    try {
                        embedding = seen.embedding().get();
                        picture = seen.frame();
                        started = seen.startedNanos();
                    } catch (ExecutionException e) {
                        // the encoding ahead failed (it said so): this frame is encoded now
                    }
                }
                if (embedding == null) {
                    embedding = brain.look(picture);
                    ahead.remember(view, picture, CompletableFuture.completedFuture(embedding), started);
                }
            }
            lastPicture = picture;
            hub.publish(id, new TurnEvent.PictureTaken(embedding.source(), picture.width(), picture.height()));
            long encodeEnd = started + embedding.encodeTime().toNanos();
            double hidden = Math.max(0, (Math.min(encodeEnd, q.endNanos()) - started) / 1e6);
            return new Looked(embedding, embedding.encodeTime().toNanos() / 1e6, hidden);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TurnFailedException(Stage.VISION, "interrupted while the picture was encoded", false, e);
        } catch (ExecutionException | RuntimeException e) {
            String problem = "the picture could not be encoded (" + Supervisor.describe(rootCause(e))
                    + "): answering without it";
            problems.add(problem);
            hub.publish(id, new TurnEvent.Failed(Stage.VISION, problem, true));
            return Looked.NONE;
        }
    }

    /** A frame taken at speech start belongs to a question that ended after it, and not long after. */
    private static boolean belongsTo(PendingPicture encoding, Question q) {
        long age = q.endNanos() - encoding.takenNanos();
        return age >= 0 && age <= PENDING_PICTURE_AGE.toNanos();
    }

    private PendingPicture takePending() {
        synchronized (pendingLock) {
            PendingPicture p = pending;
            pending = null;
            return p;
        }
    }

    private void dropPending() {
        PendingPicture p = takePending();
        if (p != null) {
            p.embedding().cancel(false);
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    // ---------------------------------------------------------------- supervision

    /**
     * A turn that has not ended within its limit: stuck until it ends. The first time it is seen,
     * it is reported and stopped.
     */
    private Optional<String> stuckTurn() {
        long now = System.nanoTime();
        List<Active> turns;
        synchronized (active) {
            turns = List.copyOf(active.values());
        }
        for (Active a : turns) {
            Duration age = Duration.ofNanos(now - a.sinceNanos);
            if (age.compareTo(settings.turnLimit()) > 0) {
                String problem = "turn " + a.id + " is stuck in " + a.state.name().toLowerCase(Locale.ROOT)
                        + " (" + age.toSeconds() + " s, limit " + settings.turnLimit().toSeconds()
                        + " s, benchmate.turns.limit)";
                if (a.reportedStuck.compareAndSet(false, true)) {
                    hub.publish(a.id, new TurnEvent.Failed(Stage.TURN, problem + ": stopping it", false));
                    stop();
                }
                return Optional.of(problem);
            }
        }
        return Optional.empty();
    }

    /** Refuses waiting questions, stops the answer in progress and the turn and vision threads. */
    @Override
    public void close() {
        queue.close();
        stop();
        worker.stop();
        worker.join(Duration.ofSeconds(5));
        ahead.close();
        vision.shutdownNow();
        hearing.shutdownNow();
        hearings.values().forEach(f -> f.cancel(true));
        hearings.clear();
    }
}
