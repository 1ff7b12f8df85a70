package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.PlaybackTap;
import dev.benchmate.media.SpeechRateConversion;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The played audio on its way from the speaker to the echo canceller: playback hands each block
 * it plays (any thread, any rate), the capture thread takes as many samples as it has captured.
 * Bounded: when capture falls behind (or nobody reads), the oldest played audio is dropped and
 * counted; playback never waits and capture never waits (an empty queue means nothing plays).
 */
public final class EchoReference implements PlaybackTap, ReferenceSource {
    /**
     * What may wait by default: as much as the delay search covers. Played audio waiting here
     * reaches the canceller that much before its echo; more could not be found again.
     */
    public static final int DEFAULT_CAPACITY_MS = EchoCancellingInput.MAX_DELAY_MS;
    /** Pieces of at most 20 ms. */
    static final int PIECE = AudioClip.SPEECH_RATE / 50;
    private final ArrayBlockingQueue<float[]> pieces;
    private final int capacity;
    /** Samples waiting (pieces vary in length: a 10 ms block at 48 kHz is 160 samples here). */
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Object conversion = new Object();
    private int convertedRate = AudioClip.SPEECH_RATE;
    private SpeechRateConversion converter;
    /** The piece the capture thread is part-way through (capture thread only). */
    private float[] current;
    private int currentPosition;

    /** @param capacityMs how much played audio may wait for the capture side (e.g. 2000) */
    public EchoReference(int capacityMs) {
        if (capacityMs < 20) {
            throw new IllegalArgumentException("the played-audio queue must hold at least 20 ms, got " + capacityMs);
        }
        this.capacity = AudioClip.SPEECH_RATE * capacityMs / 1000;
        this.pieces = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public void played(AudioClip block) {
        float[] s = toSpeechRate(block);
        for (int i = 0; i < s.length; i += PIECE) {
            float[] piece = java.util.Arrays.copyOfRange(s, i, Math.min(s.length, i + PIECE));
            while (queued.get() + piece.length > capacity) {
                float[] oldest = pieces.poll();
                if (oldest == null) {
                    break;
                }
                queued.addAndGet(-oldest.length);
                dropped.addAndGet(oldest.length);
            }
            if (pieces.offer(piece)) {
                queued.addAndGet(piece.length);
            } else {
                dropped.addAndGet(piece.length);
            }
        }
    }

    private float[] toSpeechRate(AudioClip block) {
        if (block.sampleRate() == AudioClip.SPEECH_RATE) {
            return block.samples();
        }
        synchronized (conversion) {
            if (converter == null || convertedRate != block.sampleRate()) {
                converter = new SpeechRateConversion(block.sampleRate(), 1);
                convertedRate = block.sampleRate();
            }
            return converter.convert(block.samples(), block.samples().length, false);
        }
    }

    @Override
    public boolean next(float[] into) {
        boolean any = false;
        int filled = 0;
        while (filled < into.length) {
            if (current == null || currentPosition >= current.length) {
                current = pieces.poll();
                currentPosition = 0;
                if (current == null) {
                    break;
                }
                queued.addAndGet(-current.length);
            }
            int n = Math.min(into.length - filled, current.length - currentPosition);
            System.arraycopy(current, currentPosition, into, filled, n);
            currentPosition += n;
            filled += n;
            any = true;
        }
        java.util.Arrays.fill(into, filled, into.length, 0f);
        return any;
    }

    @Override
    public long dropped() {
        return dropped.get();
    }
}
