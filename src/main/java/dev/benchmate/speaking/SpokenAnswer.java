package dev.benchmate.speaking;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.TokenListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One answer being spoken while it is generated. Tokens come in on the model's thread and are cut
 * into sentences; a synthesis thread turns each sentence into audio while a playback thread plays
 * the one before, so speech starts after the first sentence and flows without gaps. The three
 * never wait on each other except through the two queues. {@link #stop()} is barge-in: playback
 * stops at once and the generation is aborted.
 */
public final class SpokenAnswer implements TokenListener {
    private static final Logger LOG = Logger.getLogger(SpokenAnswer.class);
    /** 20 ms blocks: how late a stop can be heard, at most, beyond the device's own buffer. */
    private static final double BLOCK_SECONDS = 0.02;

    private final Function<String, Optional<Synthesizer>> voiceFor;
    private final AudioSink sink;
    private final Runnable onStop;
    private final SentenceSplitter splitter = new SentenceSplitter();
    private final BlockingQueue<Optional<String>> sentences = new LinkedBlockingQueue<>();
    private final BlockingQueue<Optional<AudioClip>> audio = new LinkedBlockingQueue<>();
    private final List<String> spoken = Collections.synchronizedList(new ArrayList<>());
    private final List<String> notSpoken = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch done = new CountDownLatch(1);
    private final long startedNanos = System.nanoTime();
    private final Thread synthesis;
    private final Thread playback;
    private volatile boolean stopped;
    private volatile long firstAudioNanos = -1;
    private volatile RuntimeException failure;
    private boolean finished;

    SpokenAnswer(Function<String, Optional<Synthesizer>> voiceFor, AudioSink sink, Runnable onStop) {
        this.voiceFor = voiceFor;
        this.sink = sink;
        this.onStop = onStop;
        this.synthesis = new Thread(this::synthesize, "benchmate-synthesis");
        this.playback = new Thread(this::play, "benchmate-playback");
        synthesis.setDaemon(true);
        playback.setDaemon(true);
        synthesis.start();
        playback.start();
    }

    @Override
    public void onText(String text) {
        if (!stopped) {
            splitter.accept(text).forEach(s -> sentences.add(Optional.of(s)));
        }
    }

    /** The answer is complete: speak what is left. */
    public synchronized void finish() {
        if (!finished) {
            finished = true;
            splitter.flush().forEach(s -> sentences.add(Optional.of(s)));
            sentences.add(Optional.empty());
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

    public boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public boolean isDone() {
        return done.getCount() == 0;
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

    public List<String> spokenSentences() {
        return List.copyOf(spoken);
    }

    /** Sentences shown but not spoken (no voice for their language). */
    public List<String> unspokenSentences() {
        return List.copyOf(notSpoken);
    }

    private void synthesize() {
        try {
            while (!stopped) {
                Optional<String> next = sentences.take();
                if (next.isEmpty()) {
                    audio.add(Optional.empty());
                    return;
                }
                String sentence = next.get();
                Optional<Synthesizer> voice = voiceFor.apply(sentence);
                if (voice.isEmpty()) {
                    notSpoken.add(sentence);
                    continue;
                }
                try {
                    AudioClip clip = voice.get().synthesize(sentence);
                    spoken.add(sentence);
                    audio.add(Optional.of(clip));
                } catch (RuntimeException e) {
                    if (stopped) {
                        return; // MaryTTS turns our interrupt into an exception of its own
                    }
                    LOG.warnf("Not spoken: %s", e.getMessage());
                    notSpoken.add(sentence);
                }
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    private void play() {
        try {
            while (!stopped) {
                Optional<AudioClip> next = audio.take();
                if (next.isEmpty()) {
                    sink.drain();
                    return;
                }
                AudioClip clip = next.get();
                int block = (int) (clip.sampleRate() * BLOCK_SECONDS);
                float[] s = clip.samples();
                for (int i = 0; i < s.length && !stopped; i += block) {
                    float[] part = java.util.Arrays.copyOfRange(s, i, Math.min(s.length, i + block));
                    if (firstAudioNanos < 0) {
                        firstAudioNanos = System.nanoTime();
                    }
                    sink.write(new AudioClip(part, clip.sampleRate()));
                }
            }
        } catch (InterruptedException e) {
            // stopped
        } catch (RuntimeException e) {
            failure = e;
            LOG.errorf("Speech could not be played: %s", e.getMessage());
        } finally {
            done.countDown();
        }
    }

    /** Why playback failed (no speaker, a device error), if it did. */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }
}
