package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.PlaybackTap;
import dev.benchmate.media.SpeechRateConversion;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The played audio on its way from the speaker to the echo canceller: playback hands each block
 * it plays (any thread, any rate), the capture thread takes, for each frame it captured, the
 * played audio of that moment.
 *
 * <p>Each block is placed on the speaker's timeline when it is handed over: where the audio before
 * it ends, or now when the speaker had run dry (it then plays at once). The capture side reads the
 * timeline at its own position, counted in captured samples from where it stood the last time
 * nothing played. A block handed over a little late or early therefore lands where the speaker
 * plays it, not where capture happens to ask: taken by count instead, a writer that fell 20 ms
 * behind once shifted all later audio by a frame against its echo, and the canceller, converged,
 * had to learn the room again while the gate took the residual for a person. The placement is the
 * earliest the speaker can play a block, so the reference is never late for its echo; the device's
 * buffer and the room only make it earlier, which the delay estimate and the filter cover.
 *
 * <p>Bounded: when capture falls behind (or nobody reads), the oldest played audio is dropped and
 * counted, as is audio whose moment capture had already passed; playback never waits for capture
 * nor capture for playback (an empty queue means nothing plays).
 */
public final class EchoReference implements PlaybackTap, ReferenceSource {
    /**
     * What may wait by default: as much as the delay search covers. Played audio waiting here
     * reaches the canceller that much before its echo; more could not be found again.
     */
    public static final int DEFAULT_CAPACITY_MS = EchoCancellingInput.MAX_DELAY_MS;
    /** How far capture's count may drift from the clock before it is set right (30 ms), while nothing plays. */
    static final int DRIFT = AudioClip.SPEECH_RATE * 30 / 1000;
    /** Pieces of at most 20 ms. */
    static final int PIECE = AudioClip.SPEECH_RATE / 50;

    /** Played samples and where on the timeline (16 kHz samples since this reference was made) they begin. */
    private record Piece(long start, float[] samples, boolean restart) {
        long end() {
            return start + samples.length;
        }
    }

    private final ArrayBlockingQueue<Piece> pieces;
    private final int capacity;
    private final LongSupplier nanos;
    private final long origin;
    /** Samples waiting (pieces vary in length: a 10 ms block at 48 kHz is 160 samples here). */
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Object playing = new Object();
    private int convertedRate = AudioClip.SPEECH_RATE;
    private SpeechRateConversion converter;
    /** Where the audio handed over so far ends on the timeline (playback side, under {@code playing}). */
    private long playedEnd;
    /** The piece the capture thread is part-way through, and the capture side's position (capture thread only). */
    private Piece current;
    private long captured;
    private long restarts;
    private Piece counted;
    private long anchor;
    private boolean anchored;
    private int idleFrames;
    private long leastDrift = Long.MAX_VALUE;
    /** Frames (while nothing plays) over which the drift is judged. */
    private static final int DRIFT_FRAMES = 50;

    /** @param capacityMs how much played audio may wait for the capture side (e.g. 500) */
    public EchoReference(int capacityMs) {
        this(capacityMs, System::nanoTime);
    }

    /**
     * @param nanos the clock both sides read (a test's clock that follows its simulated capture)
     */
    EchoReference(int capacityMs, LongSupplier nanos) {
        if (capacityMs < 20) {
            throw new IllegalArgumentException("the played-audio queue must hold at least 20 ms, got " + capacityMs);
        }
        this.capacity = AudioClip.SPEECH_RATE * capacityMs / 1000;
        this.pieces = new ArrayBlockingQueue<>(capacity);
        this.nanos = nanos;
        this.origin = nanos.getAsLong();
        // The rate conversion's first use is slow (tens of ms before the JIT has seen it): paid here,
        // not by the first block played, whose place on the timeline would be that much late.
        new SpeechRateConversion(48000, 1).convert(new float[960], 960, false);
    }

    private long now() {
        return (nanos.getAsLong() - origin) * AudioClip.SPEECH_RATE / 1_000_000_000L;
    }

    @Override
    public void played(AudioClip block) {
        played(block, false);
    }

    /**
     * @param afterGap the device said it had run dry before this block (a gap too short for the
     *        clock to show, and where the block lands is then checked like any start)
     */
    @Override
    public void played(AudioClip block, boolean afterGap) {
        long handedOver = now(); // before the conversion, whose first use takes a while
        synchronized (playing) {
            float[] s = toSpeechRate(block);
            long at = Math.max(playedEnd, handedOver);
            for (int i = 0; i < s.length; i += PIECE) {
                float[] part = java.util.Arrays.copyOfRange(s, i, Math.min(s.length, i + PIECE));
                Piece piece = new Piece(at + i, part, i == 0 && (afterGap || at > playedEnd));
                while (queued.get() + part.length > capacity) {
                    Piece oldest = pieces.poll();
                    if (oldest == null) {
                        break;
                    }
                    queued.addAndGet(-oldest.samples().length);
                    dropped.addAndGet(oldest.samples().length);
                }
                if (pieces.offer(piece)) {
                    queued.addAndGet(part.length);
                } else {
                    dropped.addAndGet(part.length);
                }
            }
            playedEnd = at + s.length;
        }
    }

    private float[] toSpeechRate(AudioClip block) {
        if (block.sampleRate() == AudioClip.SPEECH_RATE) {
            return block.samples();
        }
        if (converter == null || convertedRate != block.sampleRate()) {
            converter = new SpeechRateConversion(block.sampleRate(), 1);
            convertedRate = block.sampleRate();
        }
        return converter.convert(block.samples(), block.samples().length, false);
    }

    @Override
    public boolean next(float[] into) {
        java.util.Arrays.fill(into, 0f);
        // Capture's position on the timeline: its samples counted from where the clock put the
        // first frame. Set right again only while nothing plays, and only when it has drifted
        // (the microphone's clock and this one differ by some parts per million): moved during an
        // answer, or by a frame's jitter between two, the echo would shift against a converged
        // filter, which would have to learn the room again.
        long clockSays = now() - into.length;
        if (!anchored) {
            anchor = clockSays - captured;
            anchored = true;
        }
        if (current == null && pieces.isEmpty()) {
            // A frame read late (capture stalled, then caught up) says the clock is ahead: the
            // least of a second's frames is the one read in time.
            leastDrift = Math.min(leastDrift, clockSays - (anchor + captured));
            if (++idleFrames >= DRIFT_FRAMES) {
                if (Math.abs(leastDrift) > DRIFT) {
                    anchor += leastDrift;
                }
                idleFrames = 0;
                leastDrift = Long.MAX_VALUE;
            }
            captured += into.length;
            return false;
        }
        long from = anchor + captured;
        captured += into.length;
        long to = from + into.length;
        boolean any = false;
        while (true) {
            Piece p = current != null ? current : take();
            if (p == null) {
                break;
            }
            current = p;
            if (p.end() <= from) { // its moment had passed when capture got to it (only a fresh piece: one part-read goes on)
                dropped.addAndGet(p.samples().length);
                if (p.restart()) {
                    restarts++;
                }
                current = null;
                continue;
            }
            if (p.start() >= to) { // still to come
                break;
            }
            long a = Math.max(from, p.start());
            long b = Math.min(to, p.end());
            System.arraycopy(p.samples(), (int) (a - p.start()), into, (int) (a - from), (int) (b - a));
            if (p.restart() && p != counted) {
                restarts++; // counted where capture reaches the start
                counted = p;
            }
            any = true;
            if (p.end() > to) {
                break;
            }
            current = null;
        }
        return any;
    }

    private Piece take() {
        Piece p = pieces.poll();
        if (p != null) {
            queued.addAndGet(-p.samples().length);
        }
        return p;
    }

    @Override
    public long restarts() {
        return restarts;
    }

    @Override
    public long dropped() {
        return dropped.get();
    }
}
