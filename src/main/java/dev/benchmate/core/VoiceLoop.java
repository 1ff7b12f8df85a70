package dev.benchmate.core;

import dev.benchmate.listening.AudioInput;
import dev.benchmate.listening.Command;
import dev.benchmate.listening.HandsFreeGate;
import dev.benchmate.listening.Heard;
import dev.benchmate.listening.PhraseSpotter;
import dev.benchmate.listening.Utterance;
import dev.benchmate.listening.UtteranceRecorder;
import dev.benchmate.speaking.Earcons;
import dev.benchmate.speaking.SpeechOutput;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The hands-free loop around the {@link Assistant}, on three threads that never wait for each
 * other: capture reads the microphone and cuts utterances (and starts the picture's encoding at
 * speech start); dispatch spots the wake phrase and commands and applies the hands-free rules,
 * acting on "stop" at once even while an answer is being spoken; the turn thread answers one
 * question at a time. While Benchmate speaks, only commands count, so its own voice from the
 * speaker cannot ask a question.
 */
public final class VoiceLoop implements AutoCloseable {
    private final AudioInput input;
    private final UtteranceRecorder recorder;
    private final Optional<PhraseSpotter> spotter;
    private final HandsFreeGate gate;
    private final Assistant assistant;
    private final SpeechOutput voice;
    private final TurnListener events;
    private final BlockingQueue<Optional<PendingUtterance>> heard = new LinkedBlockingQueue<>();
    private final ExecutorService turns = Executors.newSingleThreadExecutor(r -> daemon(r, "benchmate-turn"));
    private final Thread capture;
    private final Thread dispatch;
    private final Instant listeningSince = Instant.now();
    private volatile boolean running = true;

    /** An utterance and when its audio ended, waiting for dispatch. */
    private record PendingUtterance(Utterance utterance, long endNanos) {
    }

    public VoiceLoop(AudioInput input, UtteranceRecorder recorder, Optional<PhraseSpotter> spotter,
                     HandsFreeGate gate, Assistant assistant, SpeechOutput voice, TurnListener events) {
        this.input = input;
        this.recorder = recorder;
        this.spotter = spotter;
        this.gate = gate;
        this.assistant = assistant;
        this.voice = voice;
        this.events = events;
        recorder.onSpeechStart(() -> {
            if (!voice.speaking()) {
                assistant.speechStarted();
            }
        });
        capture = daemon(this::capture, "benchmate-capture");
        dispatch = daemon(this::dispatch, "benchmate-dispatch");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public void start() {
        events.on(new TurnEvent.StateChanged(TurnState.LISTENING));
        capture.start();
        dispatch.start();
    }

    /** Push-to-talk pressed. */
    public void pushToTalk() {
        gate.pushToTalk();
    }

    private void capture() {
        try {
            for (float[] block = input.read(); block != null && running; block = input.read()) {
                for (Utterance u : recorder.accept(block)) {
                    heard.add(Optional.of(new PendingUtterance(u, System.nanoTime())));
                }
            }
            for (Utterance u : recorder.finish()) {
                heard.add(Optional.of(new PendingUtterance(u, System.nanoTime())));
            }
        } catch (RuntimeException e) {
            events.on(new TurnEvent.Failed("listening stopped: " + e.getMessage()));
        } finally {
            heard.add(Optional.empty());
        }
    }

    private void dispatch() {
        try {
            while (running) {
                Optional<PendingUtterance> next = heard.take();
                if (next.isEmpty()) {
                    return;
                }
                Utterance u = next.get().utterance();
                String words = spotter.map(s -> s.spot(u.audio())).orElse("");
                boolean speaking = voice.speaking();
                gate.speaking(speaking);
                Heard h = gate.decide(u, words, listeningSince.plusMillis((long) (u.start() * 1000)));
                if (h instanceof Heard.CommandHeard c) {
                    if (c.command() == Command.STOP) {
                        voice.stop(); // barge-in: now, not after the turn in progress
                    } else {
                        turns.submit(() -> assistant.command(c.command()));
                    }
                } else if (h instanceof Heard.Woken) {
                    voice.earcon(Earcons.Kind.LISTENING); // "I'm listening" for the question that follows
                } else if (h instanceof Heard.Question q && !speaking) {
                    long end = next.get().endNanos();
                    turns.submit(() -> {
                        assistant.answerSpoken(q.utterance(), end).ifPresent(r -> gate.answered());
                    });
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            events.on(new TurnEvent.Failed("dispatch stopped: " + e.getMessage()));
        }
    }

    /** Waits until the audio has ended and every turn it asked for is answered (for recordings). */
    public void awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        dispatch.join(unit.toMillis(timeout));
        turns.shutdown();
        turns.awaitTermination(timeout, unit);
    }

    @Override
    public void close() {
        running = false;
        input.close();
        voice.stop();
        dispatch.interrupt();
        turns.shutdownNow();
    }
}
