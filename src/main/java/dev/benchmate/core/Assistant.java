package dev.benchmate.core;

import dev.benchmate.listening.Command;
import dev.benchmate.listening.Utterance;
import dev.benchmate.looking.Camera;
import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.Picture;
import dev.benchmate.speaking.Earcons;
import dev.benchmate.speaking.SpeechOutput;
import dev.benchmate.speaking.SpokenAnswer;
import dev.benchmate.thinking.Answer;
import dev.benchmate.thinking.LanguageModelException;
import dev.benchmate.thinking.QuestionTooLongException;
import dev.benchmate.media.TokenListener;
import dev.benchmate.transcribing.Transcriber;
import dev.benchmate.transcribing.Transcript;
import dev.benchmate.transcribing.TranscriptionException;
import dev.benchmate.looking.VisionEncoderException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The turn: what happens between a person's question and the end of the spoken answer.
 *
 * <p>At speech start the camera's latest frame is taken and its encoding starts at once on the
 * vision thread, so the encoder runs while the person is still talking and transcription runs.
 * The picture policy then decides whether the question gets that picture; an encoding not needed
 * is dropped. The answer streams into the voice sentence by sentence. One turn at a time; a turn
 * that fails (a runtime error, a question too long) says so and leaves the assistant ready.
 */
public final class Assistant implements AutoCloseable {
    private static final int KEPT_LATENCIES = 20;
    private final Brain brain;
    private final Camera camera;
    private final Optional<Transcriber> transcriber;
    private final SpeechOutput voice;
    private final PicturePolicy policy;
    private final Duration idleTimeout;
    private final InstantSource clock;
    private final TurnListener events;
    private final ExecutorService vision = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "benchmate-vision");
        t.setDaemon(true);
        return t;
    });
    private final Deque<TurnLatency> recent = new ArrayDeque<>();
    private final Object pendingLock = new Object();
    private PendingPicture pending;
    private Instant lastTurn;
    private boolean lookNext;
    private String lastAnswer = "";

    /** A frame being encoded, and when its encoding started. */
    private record PendingPicture(CompletableFuture<ImageEmbedding> embedding, long startedNanos) {
    }

    /** What a turn produced. */
    public record TurnResult(String question, String answer, boolean pictureAttached, boolean restarted,
                             TurnLatency latency, Optional<SpokenAnswer> spoken) {
    }

    public Assistant(Brain brain, Camera camera, Optional<Transcriber> transcriber, SpeechOutput voice,
                     PicturePolicy policy, Duration idleTimeout, InstantSource clock, TurnListener events) {
        this.brain = brain;
        this.camera = camera;
        this.transcriber = transcriber;
        this.voice = voice;
        this.policy = policy;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Speech has started: take the frame now and encode it while the person talks. Never waits for
     * a turn in progress (it is called on the audio capture path).
     */
    public void speechStarted() {
        Optional<Picture> frame = camera.latestFrame();
        PendingPicture next = frame.isEmpty() ? null : new PendingPicture(
                CompletableFuture.supplyAsync(() -> brain.look(frame.get()), vision), System.nanoTime());
        synchronized (pendingLock) {
            pending = next;
        }
    }

    private PendingPicture takePending() {
        synchronized (pendingLock) {
            PendingPicture p = pending;
            pending = null;
            return p;
        }
    }

    /** A spoken question: transcribe it, then answer. Empty when nothing was heard. */
    public synchronized Optional<TurnResult> answerSpoken(Utterance question, long speechEndNanos) {
        if (transcriber.isEmpty()) {
            events.on(new TurnEvent.Failed("cannot transcribe: no Whisper model (benchmate.transcribing.model)"));
            takePending();
            return Optional.empty();
        }
        events.on(new TurnEvent.StateChanged(TurnState.TRANSCRIBING));
        Transcript t;
        try {
            t = transcriber.get().transcribe(question.audio());
        } catch (TranscriptionException e) {
            return failed(e.getMessage());
        }
        if (t.nothingHeard()) {
            events.on(new TurnEvent.StateChanged(TurnState.LISTENING));
            takePending();
            return Optional.empty();
        }
        events.on(new TurnEvent.Transcribed(t.text()));
        return Optional.of(answer(t.text(), speechEndNanos, (System.nanoTime() - speechEndNanos) / 1e6));
    }

    /** A typed question (or one whose text is known): the picture comes from the camera now if needed. */
    public synchronized TurnResult answerText(String question) {
        return answer(question, System.nanoTime(), 0);
    }

    /** A spoken command. */
    public synchronized void command(Command command) {
        switch (command) {
            case STOP -> voice.stop();
            case NEW_CONVERSATION -> {
                brain.conversation().reset();
                events.on(new TurnEvent.ConversationRestarted("asked for"));
                voice.say("New conversation.");
            }
            case LOOK -> lookNext = true;
            case REPEAT -> {
                if (!lastAnswer.isEmpty()) {
                    voice.say(lastAnswer);
                }
            }
        }
    }

    public synchronized List<TurnLatency> recentLatencies() {
        return List.copyOf(recent);
    }

    private Optional<TurnResult> failed(String message) {
        events.on(new TurnEvent.Failed(message));
        events.on(new TurnEvent.StateChanged(TurnState.LISTENING));
        takePending();
        return Optional.empty();
    }

    private TurnResult answer(String question, long questionEndNanos, double transcriptMs) {
        events.on(new TurnEvent.StateChanged(TurnState.THINKING));
        voice.earcon(Earcons.Kind.THINKING);
        Instant now = clock.instant();
        if (lastTurn != null && Duration.between(lastTurn, now).compareTo(idleTimeout) > 0
                && brain.conversation().hasPictureInContext()) {
            brain.conversation().reset();
            events.on(new TurnEvent.ConversationRestarted("idle for more than " + idleTimeout.toSeconds() + " s"));
        }
        boolean attach = policy.wantsPicture(question, brain.conversation().hasPictureInContext(), lookNext);
        lookNext = false;
        PendingPicture encoding = takePending();
        ImageEmbedding picture = null;
        double encodeMs = 0;
        double hiddenMs = 0;
        if (attach) {
            try {
                if (encoding == null) {
                    Optional<Picture> frame = camera.latestFrame();
                    if (frame.isEmpty()) {
                        events.on(new TurnEvent.Failed("no camera frame: answering without a picture"));
                    } else {
                        encoding = new PendingPicture(CompletableFuture.completedFuture(null), System.nanoTime());
                        picture = brain.look(frame.get());
                    }
                } else {
                    picture = encoding.embedding().get();
                }
                if (picture != null) {
                    encodeMs = picture.encodeTime().toNanos() / 1e6;
                    long encodeEnd = encoding.startedNanos() + picture.encodeTime().toNanos();
                    hiddenMs = Math.max(0, (Math.min(encodeEnd, questionEndNanos) - encoding.startedNanos()) / 1e6);
                }
            } catch (ExecutionException | VisionEncoderException e) {
                events.on(new TurnEvent.Failed("the picture could not be encoded (" + rootMessage(e)
                        + "): answering without it"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failedResult(question, "interrupted");
            }
        } else if (encoding != null) {
            encoding.embedding().cancel(false); // encoded but not needed: dropped
        }

        SpokenAnswer spoken = voice.begin(brain.conversation()::abort);
        long[] firstToken = {-1};
        brain.conversation().onRestart(() -> {
            events.on(new TurnEvent.ConversationRestarted("the context was full"));
            spoken.onText("Starting a new conversation. ");
        });
        TokenListener listener = text -> {
            if (firstToken[0] < 0) {
                firstToken[0] = System.nanoTime();
                events.on(new TurnEvent.StateChanged(TurnState.SPEAKING));
            }
            events.on(new TurnEvent.Token(text));
            spoken.onText(text);
        };
        Answer a;
        try {
            try {
                a = brain.ask(question, picture, listener);
            } catch (LanguageModelException e) {
                if (picture == null || firstToken[0] >= 0) {
                    throw e;
                }
                // The runtime refused the picture before saying anything: answer from the words alone.
                events.on(new TurnEvent.Failed("the model could not take the picture (" + e.getMessage()
                        + "): answering without it"));
                a = brain.ask(question, null, listener);
            }
        } catch (QuestionTooLongException | LanguageModelException e) {
            spoken.stop();
            voice.earcon(Earcons.Kind.ERROR);
            voice.say(e instanceof QuestionTooLongException ? "That question is too long for me. Please ask it in "
                    + "shorter parts." : "Sorry, something went wrong. Please ask again.");
            return failedResult(question, e.getMessage());
        } finally {
            brain.conversation().onRestart(() -> { });
        }
        spoken.finish();
        try {
            spoken.awaitDone(Duration.ofMinutes(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long end = System.nanoTime();
        double firstAudioMs = spoken.timeToFirstAudio()
                .map(d -> (spoken.startedNanos() + d.toNanos() - questionEndNanos) / 1e6).orElse(-1.0);
        TurnLatency latency = new TurnLatency(transcriptMs, encodeMs, hiddenMs, a.stats().prefillMs(),
                firstToken[0] < 0 ? -1 : (firstToken[0] - questionEndNanos) / 1e6, firstAudioMs,
                (end - questionEndNanos) / 1e6);
        remember(latency);
        lastTurn = clock.instant();
        lastAnswer = a.text();
        events.on(new TurnEvent.Answered(question, a.text(), a.pictureAttached(), latency));
        events.on(new TurnEvent.StateChanged(TurnState.FOLLOW_UP));
        return new TurnResult(question, a.text(), a.pictureAttached(), a.restarted(), latency, Optional.of(spoken));
    }

    private TurnResult failedResult(String question, String message) {
        events.on(new TurnEvent.Failed(message));
        voice.earcon(Earcons.Kind.ERROR);
        events.on(new TurnEvent.StateChanged(TurnState.LISTENING));
        return new TurnResult(question, "", false, false, null, Optional.empty());
    }

    private void remember(TurnLatency latency) {
        recent.addLast(latency);
        while (recent.size() > KEPT_LATENCIES) {
            recent.removeFirst();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public void close() {
        vision.shutdownNow();
    }
}
