package dev.benchmate.core;

import dev.benchmate.listening.AudioInput;
import dev.benchmate.listening.HandsFreeGate;
import dev.benchmate.listening.Heard;
import dev.benchmate.listening.PhraseSpotter;
import dev.benchmate.listening.Utterance;
import dev.benchmate.listening.UtteranceRecorder;
import dev.benchmate.speaking.Earcons;
import dev.benchmate.speaking.SpeechOutput;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The hands-free loop around the {@link Assistant}, on two supervised threads that never wait for
 * each other or for a turn: capture reads the microphone and cuts utterances (and starts the
 * picture's encoding at speech start); dispatch spots the wake phrase and commands and applies the
 * hands-free rules, acting on commands at once even while an answer is being spoken, and hands
 * questions to the assistant. While Benchmate speaks, only commands count, so its own voice from
 * the speaker cannot ask a question. A thread that fails is started again by the supervisor (the
 * microphone is reopened); an utterance that finds dispatch far behind is dropped and reported.
 */
public final class VoiceLoop implements AutoCloseable {
    /** Utterances waiting for dispatch (a person does not say sixteen things while one is spotted). */
    static final int UTTERANCES_WAITING = 16;
    /** Reading one block from the microphone takes ~20 ms; this long without one is stuck. */
    static final Duration CAPTURE_LIMIT = Duration.ofSeconds(10);
    /** Spotting one utterance takes well under a second on the board. */
    static final Duration DISPATCH_LIMIT = Duration.ofSeconds(30);

    private final Supplier<AudioInput> microphone;
    private final UtteranceRecorder recorder;
    private final Optional<PhraseSpotter> spotter;
    private final HandsFreeGate gate;
    private final Assistant assistant;
    private final SpeechOutput voice;
    private final EventHub hub;
    private final Supervisor supervisor;
    private final InstantSource clock;
    private final BlockingQueue<Taken> heard = new ArrayBlockingQueue<>(UTTERANCES_WAITING);
    private final Set<Turn> outstanding = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile AudioInput input;
    private volatile BargeIn bargeIn = BargeIn.COMMAND;

    /**
     * What may interrupt Benchmate while it speaks: COMMAND, a spoken command only ("stop", …);
     * SPEECH, any speech the speech detector hears over the answer (for a microphone with
     * Benchmate's own voice cancelled out, else its own voice would stop it).
     */
    public enum BargeIn {
        COMMAND, SPEECH
    }
    private volatile boolean inputEnded;
    private volatile Instant listeningSince;
    private Supervisor.Worker capture;
    private Supervisor.Worker dispatch;

    /** An utterance and when its audio ended, or the end of the input. */
    private record Taken(Utterance utterance, long endNanos) {
        static final Taken END = new Taken(null, 0);
    }

    /**
     * @param microphone opens the audio input; called again when capture has to start over
     */
    public VoiceLoop(Supplier<AudioInput> microphone, UtteranceRecorder recorder, Optional<PhraseSpotter> spotter,
                     HandsFreeGate gate, Assistant assistant, SpeechOutput voice, EventHub hub, Supervisor supervisor,
                     InstantSource clock) {
        this.microphone = microphone;
        this.recorder = recorder;
        this.spotter = spotter;
        this.gate = gate;
        this.assistant = assistant;
        this.voice = voice;
        this.hub = hub;
        this.supervisor = supervisor;
        this.clock = clock;
        recorder.onSpeechStart(() -> {
            if (!voice.speaking()) {
                assistant.speechStarted();
            } else if (bargeIn == BargeIn.SPEECH && gate.speechMayBargeIn()) {
                // Speech over the answer (the echo canceller's gate let only a person through): the
                // answer stops now, and the utterance is heard as a follow-up when it ends.
                gate.bargedIn();
                assistant.stop();
                hub.publish(0, new TurnEvent.BargedIn());
                assistant.speechStarted();
            }
        });
        recorder.onPause(soFar -> {
            if (!voice.speaking()) {
                assistant.heardSoFar(soFar);
            }
        });
        assistant.onPushToTalk(gate::pushToTalk);
    }

    /** Sets what may interrupt Benchmate while it speaks; before {@link #start()}. */
    public void bargeIn(BargeIn b) {
        this.bargeIn = b;
    }

    public void start() {
        listeningSince = clock.instant();
        assistant.listening(true);
        hub.publish(0, new TurnEvent.StateChanged(TurnState.LISTENING));
        capture = supervisor.start("capture", Stage.CAPTURE, CAPTURE_LIMIT, this::capture);
        dispatch = supervisor.start("dispatch", Stage.DISPATCH, DISPATCH_LIMIT, this::dispatch);
    }

    /**
     * Completes when the input has ended (a replayed recording; a microphone does not end) and every
     * question heard in it has been answered.
     */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    private void capture(Supervisor.Worker w) {
        AudioInput in = input;
        if (in == null) {
            w.working();
            in = microphone.get();
            input = in;
        }
        try {
            while (!w.stopping()) {
                w.progress();
                float[] block = in.read();
                if (block == null) {
                    recorder.finish().forEach(this::hand);
                    handEnd(w);
                    return;
                }
                recorder.accept(block).forEach(this::hand);
            }
        } catch (RuntimeException | Error e) {
            input = null;
            in.close();
            throw e;
        }
    }

    private void hand(Utterance u) {
        if (!heard.offer(new Taken(u, System.nanoTime()))) {
            hub.publish(0, new TurnEvent.Failed(Stage.DISPATCH, String.format(java.util.Locale.ROOT,
                    "the utterance at %.1f s was dropped: %d are already waiting for the phrase spotter", u.start(),
                    UTTERANCES_WAITING), true));
        }
    }

    /** The end of the input goes after the utterances before it; if dispatch never takes it, the loop has ended anyway. */
    private void handEnd(Supervisor.Worker w) {
        try {
            long deadline = System.nanoTime() + DISPATCH_LIMIT.toNanos();
            while (!w.stopping() && !heard.offer(Taken.END, 100, TimeUnit.MILLISECONDS)) {
                w.progress();
                if (System.nanoTime() > deadline) {
                    hub.publish(0, new TurnEvent.Failed(Stage.DISPATCH, "the input has ended but dispatch takes "
                            + "nothing: the loop ends without it", false));
                    inputEnded = true;
                    ended.complete(null);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch(Supervisor.Worker w) {
        while (!w.stopping()) {
            w.waiting();
            Taken next;
            try {
                next = heard.take();
            } catch (InterruptedException e) {
                continue;
            }
            if (next == Taken.END) {
                inputEnded = true;
                endIfDone();
                return;
            }
            w.working();
            decide(next.utterance(), next.endNanos());
        }
    }

    private void decide(Utterance u, long endNanos) {
        String words = "";
        if (spotter.isPresent()) {
            try {
                words = spotter.get().spot(u.audio());
            } catch (RuntimeException e) {
                hub.publish(0, new TurnEvent.Failed(Stage.DISPATCH, "the phrase spotter failed on an utterance ("
                        + Supervisor.describe(e) + "): taken as no phrase", true));
            }
        }
        boolean speaking = voice.speaking();
        gate.speaking(speaking);
        var h = gate.decide(u, words, listeningSince.plusMillis((long) (u.start() * 1000)));
        if (h instanceof Heard.CommandHeard c) {
            assistant.notAQuestion();
            assistant.command(c.command());
        } else if (h instanceof Heard.Woken) {
            assistant.notAQuestion();
            hub.publish(0, new TurnEvent.Woken());
            voice.earcon(Earcons.Kind.LISTENING);
        } else if (h instanceof Heard.Question q) {
            if (speaking) {
                assistant.notAQuestion();
                hub.publish(0, new TurnEvent.Ignored("Benchmate was speaking: only commands count then"));
            } else {
                ask(q, endNanos);
            }
        } else if (h instanceof Heard.Ignored i) {
            assistant.notAQuestion();
            hub.publish(0, new TurnEvent.Ignored(i.why()));
        }
    }

    private void ask(Heard.Question q, long endNanos) {
        Turn turn;
        try {
            turn = assistant.ask(Question.spoken(q.utterance().audio(), q.afterWakePhrase(), endNanos),
                    AnswerSink.NONE);
        } catch (BusyException e) {
            hub.publish(0, new TurnEvent.Failed(Stage.TURN, e.getMessage(), false));
            return;
        }
        outstanding.add(turn);
        // Failures are already events of the turn; here only the follow-up window and the end matter.
        turn.result().whenComplete((result, failure) -> {
            if (result != null && result.heard()) {
                gate.answered();
            }
            outstanding.remove(turn);
            endIfDone();
        });
    }

    private void endIfDone() {
        if (inputEnded && outstanding.isEmpty()) {
            ended.complete(null);
        }
    }

    /** Stops listening: the input is closed and both threads end. */
    @Override
    public void close() {
        assistant.listening(false);
        AudioInput in = input;
        if (in != null) {
            in.close();
        }
        for (Supervisor.Worker w : new Supervisor.Worker[] {capture, dispatch}) {
            if (w != null) {
                w.stop();
                w.join(Duration.ofSeconds(3));
            }
        }
    }
}
