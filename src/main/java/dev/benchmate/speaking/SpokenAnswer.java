package dev.benchmate.speaking;

import dev.benchmate.media.AudioClip;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One answer being spoken while it is generated. Text comes in on the model's thread and is cut
 * into sentences; a synthesis thread turns each sentence into audio while a playback thread plays
 * the one before, so speech starts after the first sentence and flows without gaps. The three
 * meet only at two bounded queues, and the model's thread never waits: a sentence that finds its
 * queue full is shown, not spoken. {@link #stop()} is barge-in: playback stops at once and the
 * generation is aborted.
 *
 * <p>Where only the next token can tell whether a sentence has ended ("turn 2." or "2.5"), the
 * idle synthesis thread already voices the likely sentence; the next token either confirms it (its
 * audio is played, one token and one synthesis sooner) or not (the audio is dropped, unheard).
 */
public final class SpokenAnswer {
    /** 20 ms blocks: how late a stop can be heard, at most, beyond the device's own buffer. */
    private static final double BLOCK_SECONDS = 0.02;
    /** More sentences than any answer has (max-new-tokens is at most a few hundred tokens). */
    private static final int SENTENCES_WAITING = 512;
    /** Synthesized sentences waiting for the speaker: synthesis stays a little ahead, no more. */
    private static final int CLIPS_WAITING = 4;

    private final Synthesizer voice;
    private final AudioSink sink;
    private final Runnable onStop;
    private final SentenceSplitter splitter = new SentenceSplitter();
    private final BlockingQueue<Optional<Line>> sentences = new ArrayBlockingQueue<>(SENTENCES_WAITING);
    private final BlockingQueue<Optional<AudioClip>> audio = new ArrayBlockingQueue<>(CLIPS_WAITING);
    private final List<String> spoken = Collections.synchronizedList(new ArrayList<>());
    private final List<String> notSpoken = Collections.synchronizedList(new ArrayList<>());
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<SpokenAnswer> done = new CompletableFuture<>();
    private final long startedNanos = System.nanoTime();
    private final Thread synthesis;
    private final Thread playback;
    private final AudioClip prelude;
    private volatile boolean stopped;
    private volatile long firstAudioNanos = -1;
    private volatile RuntimeException failure;
    private volatile double audioSeconds;
    private volatile long synthesisNanos;
    private boolean finished;
    /** The last sentence offered for synthesis before its end was certain (the model's thread only). */
    private String lastTentative;
    /** Audio of a sentence synthesized before its end was certain (the synthesis thread only). */
    private Line speculated;
    private AudioClip speculatedAudio;
    private long speculatedNanos;

    /** A sentence for the voice; tentative: its end is likely, not yet certain. */
    private record Line(String text, boolean tentative) {
    }

    SpokenAnswer(Synthesizer voice, AudioSink sink, Runnable onStop, AudioClip prelude) {
        this.voice = voice;
        this.sink = sink;
        this.onStop = onStop;
        this.prelude = prelude;
        this.synthesis = new Thread(this::synthesize, "benchmate-synthesis");
        this.playback = new Thread(this::play, "benchmate-playback");
        synthesis.setDaemon(true);
        playback.setDaemon(true);
        synthesis.start();
        playback.start();
    }

    /** More of the answer; returns at once. */
    public synchronized void onText(String text) {
        if (!stopped && !finished) {
            splitter.accept(text).forEach(this::queue);
            // Only where synthesis has nothing else to do; a certain sentence that comes during a guess
            // waits for it (one synthesis at most), and takes its audio when the guess was right.
            splitter.tentative().filter(t -> !t.equals(lastTentative) && sentences.isEmpty()).ifPresent(t -> {
                lastTentative = t;
                sentences.offer(Optional.of(new Line(t, true)));
            });
        }
    }

    private void queue(String sentence) {
        if (!sentences.offer(Optional.of(new Line(sentence, false)))) {
            notSpoken.add(sentence);
            problems.add("too many sentences waiting for the voice");
        }
    }

    /** The answer is complete: speak what is left. */
    public synchronized void finish() {
        if (!finished) {
            finished = true;
            if (!stopped) {
                splitter.flush().forEach(this::queue);
            }
            // The end marker must arrive even when the queue is full of sentences.
            while (!stopped && !sentences.offer(Optional.empty())) {
                Optional<Line> dropped = sentences.poll();
                dropped.filter(l -> !l.tentative()).map(Line::text).ifPresent(notSpoken::add);
            }
        }
    }

    /** Barge-in: silence now, drop what is queued, abort the generation. */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        sink.stopNow();
        synthesis.interrupt();
        playback.interrupt();
        onStop.run();
    }

    /** Completes when the answer has been spoken, stopped, or its playback failed. */
    public CompletableFuture<SpokenAnswer> done() {
        return done;
    }

    public boolean awaitDone(Duration timeout) throws InterruptedException {
        try {
            done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    public boolean isDone() {
        return done.isDone();
    }

    public boolean stopped() {
        return stopped;
    }

    /** From the start of the answer to the first audio handed to the speaker; empty if none yet. */
    public Optional<Duration> timeToFirstAudio() {
        long first = firstAudioNanos;
        return first < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(first - startedNanos));
    }

    /** When this answer began (System.nanoTime). */
    public long startedNanos() {
        return startedNanos;
    }

    /** When the first audio went to the speaker (System.nanoTime), if it did. */
    public Optional<Long> firstAudioNanos() {
        long first = firstAudioNanos;
        return first < 0 ? Optional.empty() : Optional.of(first);
    }

    /** Seconds of speech synthesized for it. */
    public double audioSeconds() {
        return audioSeconds;
    }

    /** Time spent synthesizing it (the real-time factor is this over {@link #audioSeconds()}). */
    public Duration synthesisTime() {
        return Duration.ofNanos(synthesisNanos);
    }

    public List<String> spokenSentences() {
        return List.copyOf(spoken);
    }

    /** Sentences shown but not spoken (no voice for them, or the voice failed). */
    public List<String> unspokenSentences() {
        return List.copyOf(notSpoken);
    }

    /** Why the answer was not fully heard: playback failed, or sentences could not be voiced. */
    public Optional<String> problem() {
        RuntimeException f = failure;
        if (f != null) {
            return Optional.of("the answer could not be played: " + f.getMessage());
        }
        List<String> p;
        synchronized (problems) {
            p = problems.stream().distinct().toList();
        }
        return p.isEmpty() ? Optional.empty() : Optional.of(notSpoken.size() + " sentence(s) not spoken: "
                + String.join("; ", p));
    }

    private void synthesize() {
        try {
            while (!stopped) {
                Optional<Line> next = sentences.take();
                if (next.isEmpty()) {
                    return;
                }
                Line line = next.get();
                if (line.tentative()) {
                    speculate(line);
                    continue;
                }
                String sentence = line.text();
                try {
                    boolean guessed = speculatedAudio != null && speculated.text().equals(sentence);
                    AudioClip clip = guessed ? speculatedAudio : timedSynthesis(sentence);
                    if (guessed) {
                        synthesisNanos += speculatedNanos; // only a guess that is heard counts as the voice's time
                    }
                    speculated = null;
                    speculatedAudio = null;
                    audioSeconds += clip.seconds();
                    if (clip.samples().length > 0) {
                        spoken.add(sentence);
                        audio.put(Optional.of(clip));
                    }
                } catch (RuntimeException e) {
                    if (stopped) {
                        return; // MaryTTS turns our interrupt into an exception of its own
                    }
                    notSpoken.add(sentence);
                    problems.add(e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            // stopped
        } catch (Error e) {
            problems.add("the voice failed: " + e);
        } finally {
            endAudio();
        }
    }

    /** Voices a likely sentence while its end is decided, unless certain sentences came meanwhile. */
    private void speculate(Line line) {
        speculated = null;
        speculatedAudio = null;
        if (!sentences.isEmpty()) {
            return;
        }
        try {
            long t0 = System.nanoTime();
            speculatedAudio = voice.synthesize(line.text());
            speculatedNanos = System.nanoTime() - t0;
            speculated = line;
        } catch (RuntimeException e) {
            // not an error yet: if the sentence is confirmed, it is synthesized again and fails there
        }
    }

    private AudioClip timedSynthesis(String sentence) {
        long t0 = System.nanoTime();
        try {
            return voice.synthesize(sentence);
        } finally {
            synthesisNanos += System.nanoTime() - t0;
        }
    }

    /** Tells playback there is no more audio, however synthesis ended (unless stopped: playback ends itself). */
    private void endAudio() {
        try {
            while (!stopped && !audio.offer(Optional.empty(), 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                // playback is still playing what came before
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void play() {
        try {
            if (prelude != null) {
                sink.write(prelude); // whole, as an earcon is played
            }
            while (!stopped) {
                Optional<AudioClip> next = audio.take();
                if (next.isEmpty()) {
                    sink.drain();
                    return;
                }
                write(next.get());
            }
        } catch (InterruptedException e) {
            // stopped
        } catch (RuntimeException e) {
            failure = e;
            stopped = true;
            synthesis.interrupt();
        } catch (Error e) {
            failure = new IllegalStateException("playback failed: " + e, e);
            stopped = true;
            synthesis.interrupt();
        } finally {
            done.complete(this);
        }
    }

    private void write(AudioClip clip) {
        int block = (int) (clip.sampleRate() * BLOCK_SECONDS);
        float[] s = clip.samples();
        for (int i = 0; i < s.length && !stopped; i += block) {
            float[] part = Arrays.copyOfRange(s, i, Math.min(s.length, i + block));
            if (firstAudioNanos < 0) {
                firstAudioNanos = System.nanoTime();
            }
            sink.write(new AudioClip(part, clip.sampleRate()));
        }
    }

    /** Why playback failed (no speaker, a device error), if it did. */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }
}
