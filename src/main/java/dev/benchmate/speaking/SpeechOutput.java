package dev.benchmate.speaking;

import dev.benchmate.media.AudioClip;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Benchmate's voice: answers spoken sentence by sentence through one {@link Synthesizer} (normally
 * {@link Voices}), and earcons. One answer speaks at a time; a new one stops the one before. Nothing
 * here makes its caller wait for the speaker: answers play on their own threads, earcons on the
 * earcon thread, and writes to the speaker never interleave.
 */
public final class SpeechOutput implements AutoCloseable {
    private static final int EARCONS_WAITING = 4;
    private final Synthesizer voice;
    private final AudioSink device;
    private final AudioSink sink;
    private final BlockingQueue<Earcons.Kind> earcons = new ArrayBlockingQueue<>(EARCONS_WAITING);
    private final Thread earconThread;
    private volatile Consumer<String> problems = p -> { };
    private volatile boolean closed;
    /** The answer being spoken; replaced under this object's lock, read without it. */
    private volatile SpokenAnswer current;

    public SpeechOutput(Synthesizer voice, AudioSink device) {
        this.voice = voice;
        this.device = device;
        this.sink = new OneWriterAtATime(device);
        this.earconThread = new Thread(this::playEarcons, "benchmate-earcons");
        earconThread.setDaemon(true);
        earconThread.start();
    }

    /** Where problems outside an answer go (an earcon that could not be played). */
    public void onProblem(Consumer<String> listener) {
        this.problems = listener;
    }

    /**
     * Starts speaking an answer that is still being generated: feed it text, then finish().
     *
     * @param onStop what barge-in must also stop (the generation: the conversation's abort)
     */
    public SpokenAnswer begin(Runnable onStop) {
        return begin(onStop, null);
    }

    /** The same, with an earcon before the first sentence (the error chime before an apology). */
    public SpokenAnswer begin(Runnable onStop, Earcons.Kind prelude) {
        SpokenAnswer next = new SpokenAnswer(voice, sink, onStop, prelude == null ? null : Earcons.of(prelude));
        SpokenAnswer old;
        synchronized (this) {
            old = current;
            current = next;
        }
        if (old != null && !old.isDone()) {
            old.stop(); // outside the lock: stopping flushes the device and aborts a generation
        }
        return next;
    }

    /** What the voice says, into nothing, when it warms up: sentences like an answer's. */
    static final String WARM_UP_TEXT = "The chip on the left is red. The wire beside it is brown, and the third one "
            + "is a capacitor of 100 microfarads. Is there anything else?";

    /**
     * How many times the warm-up says its sentences: MaryTTS builds much of itself on its first
     * sentence, and the JIT compiles its synthesis over the next ones.
     */
    static final int WARM_UP_ROUNDS = 3;

    /**
     * Speaks a few sentences into nothing, the way an answer is spoken (cut by the sentence
     * splitter, synthesized, handed out in blocks), so that the first answer does not pay for the
     * voice's first use. Nothing reaches the speaker, and what is being spoken is not touched.
     * Waits until it is done.
     *
     * @throws SynthesisException when the voice cannot say them (what a first answer would have met)
     * @throws InterruptedException when the wait is interrupted (the warm-up is stopped)
     */
    public void warmUp() throws InterruptedException {
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            warmUpOnce();
        }
    }

    private void warmUpOnce() throws InterruptedException {
        SpokenAnswer a = new SpokenAnswer(voice, new AudioSink() {
            @Override
            public void write(AudioClip block) {
                // heard by no one
            }
        }, () -> { }, null);
        a.onText(WARM_UP_TEXT);
        a.finish();
        try {
            a.done().get();
        } catch (InterruptedException e) {
            a.stop();
            throw e;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new SynthesisException("the voice failed while warming up: " + e.getCause(), e.getCause());
        }
        if (a.problem().isPresent() || a.spokenSentences().isEmpty()) {
            throw new SynthesisException("the voice could not warm up: "
                    + a.problem().orElse("nothing was synthesized"), null);
        }
    }

    /** Speaks a whole text. */
    public SpokenAnswer say(String text) {
        return say(text, null);
    }

    public SpokenAnswer say(String text, Earcons.Kind prelude) {
        SpokenAnswer a = begin(() -> { }, prelude);
        a.onText(text);
        a.finish();
        return a;
    }

    /**
     * Plays an earcon (listening, thinking, error) soon, unless an answer is being heard then.
     * Returns at once; when earcons pile up (a speaker that blocks), the newest are dropped.
     */
    public void earcon(Earcons.Kind kind) {
        if (!closed) {
            earcons.offer(kind);
        }
    }

    private void playEarcons() {
        while (!closed) {
            Earcons.Kind kind;
            try {
                kind = earcons.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (!audible()) {
                    sink.write(Earcons.of(kind));
                }
            } catch (RuntimeException e) {
                problems.accept("the " + kind.name().toLowerCase(java.util.Locale.ROOT) + " earcon could not be "
                        + "played: " + e.getMessage());
            }
        }
    }

    /**
     * Whether an answer is being spoken or is about to be (the listener's guard against its own
     * voice). Never waits: the capture thread asks.
     */
    public boolean speaking() {
        SpokenAnswer a = current;
        return a != null && !a.isDone();
    }

    /** Whether an answer's audio is going to the speaker now. */
    private boolean audible() {
        SpokenAnswer a = current;
        return a != null && !a.isDone() && a.timeToFirstAudio().isPresent();
    }

    /** Barge-in on whatever is being spoken. */
    public void stop() {
        SpokenAnswer a = current;
        if (a != null) {
            a.stop();
        }
    }

    @Override
    public void close() {
        closed = true;
        stop();
        earconThread.interrupt();
        try {
            earconThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        device.close();
    }

    /**
     * The speaker, written by one thread at a time (an earcon never lands in the middle of a
     * block of an answer). Stopping does not wait for the writer: it is what unblocks it.
     */
    private static final class OneWriterAtATime extends ForwardingSink {
        private final ReentrantLock writing = new ReentrantLock();

        OneWriterAtATime(AudioSink device) {
            super(device);
        }

        @Override
        public void write(AudioClip block) {
            writing.lock();
            try {
                device.write(block);
            } finally {
                writing.unlock();
            }
        }
    }
}
