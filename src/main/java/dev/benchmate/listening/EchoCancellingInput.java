package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;

/**
 * The microphone with Benchmate's own voice taken out: an {@link AudioInput} in front of another,
 * for the utterance recorder to read. Frame by frame on the capture thread: the played audio of
 * the same moment (from a {@link ReferenceSource} that never waits) is held back by the estimated
 * delay minus a safety margin (the canceller can only remove what it has already been given),
 * the echo is cancelled, the preprocessor denoises, and the {@link EchoGate} quietens what is only
 * the echo's residual. While nothing played within the filter length the canceller is not called
 * (its filter is kept for the next answer) and the gate only compares a number.
 *
 * <p>Each time the speaker starts again after running dry, the echo is found again to the sample
 * ({@link EchoAlignment}) before the canceller sees that answer: the microphone's frames are kept
 * meanwhile and fed once the played audio has been moved by what the start moved (a converged
 * filter fits one alignment, and a start lands against capture only to a few milliseconds).
 */
public final class EchoCancellingInput implements AudioInput {
    /** The longest delay from playback to microphone searched for. */
    public static final int MAX_DELAY_MS = 500;
    /** The played audio is fed this much earlier than its echo is estimated to arrive. */
    static final int MARGIN_MS = 20;
    /** ERLE counts only after this much played audio: the canceller is still converging before (speech takes longer than noise). */
    static final int CONVERGENCE_MS = 3000;
    /** Echo this long after a start tells, to the sample, where it lies (200 ms). */
    static final int ALIGN_WINDOW_MS = 200;
    /** How far a start may have moved against the one before (20 ms) and still be found. */
    static final int MAX_SHIFT_MS = 20;
    /** Held back at the first finding (at most 10 ms), so that a later start placed earlier can be taken back too. */
    static final int HEADROOM_MS = 10;
    /** While audio plays, the echo is looked for near where it was this often (every 160 ms) ... */
    static final int TRACK_EVERY_MS = 160;
    /** ... this far each way (3 ms): a device that slipped, not a new room. */
    static final int TRACK_SHIFT_MS = 3;
    private final AudioInput mic;
    private final ReferenceSource reference;
    private final EchoCanceller canceller;
    private final int frame;
    private final int tailFrames;
    private final int filterSamples;
    private final int margin;
    private final int maxLag;
    private final DelayEstimator delay;
    private final EchoGate gate;
    /** The played audio as handed over, as far back as the longest hold-back plus what may be kept. */
    private final float[] history;
    private long historyWritten;
    private final float[] pending;
    private int pendingCount;
    private final float[] micFrame;
    private final float[] rawPlayed;
    private final float[] played;
    private final float[] cancelled;
    private final float[] work;
    private int lag;
    private int framesSincePlayed = Integer.MAX_VALUE;
    private long activeFrames;
    private double erleMic;
    private double erleOut;
    private long erleFrames;
    private final long convergenceFrames;
    private long erleFrom;
    private boolean ended;

    // Finding the echo again at each start of the speaker, and following it while it plays.
    private final EchoAlignment alignment;
    private final int alignWindowFrames;
    private final int maxShift;
    private final int headroom;
    private final int trackFrames;
    private final int trackShift;
    /** Where the echo was last found (samples behind the played audio as handed over), or -1. */
    private int heardAt = -1;
    private long restartsSeen;
    private int sinceRestart;
    /** Frames since a check began (starts in quick succession share one check and its deadline). */
    private int checkFrames;
    /** Whether the echo has yet to be found after the speaker started again. */
    private boolean checking;
    /** Frames until the gate judges again ({@code MAX_VALUE}: a start being checked; then the filter's length after a move). */
    private int unsettled;
    private int sinceTrack;
    /** Where the last look found the echo moved to (followed once two looks agree), else -1. */
    private int movedTo = -1;
    private int moves;
    private long moved;
    /**
     * Microphone frames (and where the played audio stood for each) kept from the canceller while
     * a start's echo is being found: fed then, in order, at the alignment found, so that the
     * filter never adapts to a wrong one. Bounded by the longest a check waits.
     */
    private final float[][] held;
    private final long[] heldAt;
    private final int maxHeld;
    private int heldCount;

    /**
     * @param filterMs the canceller's filter length (the echo tail it covers)
     */
    public EchoCancellingInput(AudioInput mic, ReferenceSource reference, EchoCanceller canceller, int filterMs) {
        this.mic = mic;
        this.reference = reference;
        this.canceller = canceller;
        this.frame = canceller.frameSize();
        this.filterSamples = AudioClip.SPEECH_RATE * filterMs / 1000;
        this.tailFrames = Math.max(1, filterSamples / frame);
        this.margin = AudioClip.SPEECH_RATE * MARGIN_MS / 1000;
        this.convergenceFrames = (long) AudioClip.SPEECH_RATE * CONVERGENCE_MS / 1000 / frame;
        this.erleFrom = convergenceFrames;
        this.delay = new DelayEstimator(MAX_DELAY_MS, 2000);
        this.alignment = EchoAlignment.forSpeech(ALIGN_WINDOW_MS, MAX_DELAY_MS);
        this.alignWindowFrames = ALIGN_WINDOW_MS * AudioClip.SPEECH_RATE / 1000 / frame;
        this.maxShift = AudioClip.SPEECH_RATE * MAX_SHIFT_MS / 1000;
        this.headroom = AudioClip.SPEECH_RATE * HEADROOM_MS / 1000;
        this.trackShift = AudioClip.SPEECH_RATE * TRACK_SHIFT_MS / 1000;
        this.trackFrames = TRACK_EVERY_MS * AudioClip.SPEECH_RATE / 1000 / frame;
        this.gate = new EchoGate(frame, tailFrames);
        this.maxLag = AudioClip.SPEECH_RATE * MAX_DELAY_MS / 1000;
        this.maxHeld = checkDeadline() + 1;
        this.held = new float[maxHeld][frame];
        this.heldAt = new long[maxHeld];
        this.history = new float[maxLag + 2 * frame + maxHeld * frame];
        this.pending = new float[frame];
        this.micFrame = new float[frame];
        this.rawPlayed = new float[frame];
        this.played = new float[frame];
        this.cancelled = new float[frame];
        this.work = new float[frame];
    }

    @Override
    public float[] read() {
        while (!ended) {
            float[] block = mic.read();
            if (block == null) {
                ended = true;
                if (pendingCount == 0) {
                    return null;
                }
                int n = pendingCount;
                java.util.Arrays.fill(pending, n, frame, 0f);
                pendingCount = frame;
                float[] out = new float[frame];
                process(pending, out, 0);
                pendingCount = 0;
                return java.util.Arrays.copyOf(out, n);
            }
            int total = pendingCount + block.length;
            int frames = total / frame;
            if (frames == 0) {
                System.arraycopy(block, 0, pending, pendingCount, block.length);
                pendingCount += block.length;
                continue;
            }
            float[] out = new float[frames * frame];
            int used = 0;
            for (int f = 0; f < frames; f++) {
                int fromPending = f == 0 ? pendingCount : 0;
                System.arraycopy(pending, 0, micFrame, 0, fromPending);
                System.arraycopy(block, used, micFrame, fromPending, frame - fromPending);
                used += frame - fromPending;
                process(micFrame, out, f * frame);
            }
            pendingCount = block.length - used;
            System.arraycopy(block, used, pending, 0, pendingCount);
            return out;
        }
        return null;
    }

    private void process(float[] in, float[] out, int at) {
        reference.next(rawPlayed);
        long restarts = reference.restarts();
        for (float v : rawPlayed) {
            history[(int) (historyWritten++ % history.length)] = v;
        }
        delay.observe(in, rawPlayed, frame);
        alignment.observe(in, rawPlayed, frame);
        align();
        followTheEcho(restarts, framesSincePlayed < tailFrames || playedNow());
        boolean any = playedNow(); // again: the alignment may have moved, and kept frames were fed through the buffer
        framesSincePlayed = any ? 0 : framesSincePlayed == Integer.MAX_VALUE ? framesSincePlayed : framesSincePlayed + 1;
        boolean active = framesSincePlayed < tailFrames;
        boolean heldBack = active && checking && unsettled == Integer.MAX_VALUE && heldCount < maxHeld;
        if (heldBack) {
            // Being checked: kept for the canceller until the echo is found; the gate quietens it.
            activeFrames++;
            System.arraycopy(in, 0, held[heldCount], 0, frame);
            heldAt[heldCount++] = historyWritten;
            System.arraycopy(in, 0, cancelled, 0, frame);
        } else if (active) {
            activeFrames++;
            canceller.cancel(in, played, cancelled);
        } else {
            System.arraycopy(in, 0, cancelled, 0, frame);
        }
        float[] view = work;
        System.arraycopy(cancelled, 0, view, 0, frame);
        if (canceller.preprocessing() && !heldBack) { // a kept frame is quietened: the denoiser need not learn its echo
            canceller.preprocess(view, active);
        }
        boolean person = gate.apply(view, played, unsettled == 0);
        System.arraycopy(view, 0, out, at, frame);
        if (active && !heldBack && !person && activeFrames >= erleFrom) {
            erleMic += EchoGate.power(in);
            erleOut += EchoGate.power(cancelled);
            erleFrames++;
        }
    }

    /**
     * Finds, to the sample, where each answer's echo lies, and moves the played audio by what the
     * answer's start moved against the one before (see {@link EchoAlignment}): the filter learnt
     * the room at the old alignment. Until it is checked, and for the filter's length after a move,
     * the gate takes nothing for a person (the residual is briefly that of an unlearnt filter).
     */
    private void followTheEcho(long restarts, boolean active) {
        if (restarts != restartsSeen) {
            restartsSeen = restarts;
            if (checking) {
                // Started again before the last start was found: what was kept goes on as it is.
                feedHeld();
            } else {
                checkFrames = 0;
            }
            sinceRestart = 0;
            checking = true;
            movedTo = -1;
            unsettled = Integer.MAX_VALUE; // until found (or given up on)
        }
        checkFrames++;
        sinceRestart++;
        if (unsettled > 0 && unsettled != Integer.MAX_VALUE) {
            unsettled--;
        }
        if (checking) {
            checkAfterRestart();
            return;
        }
        // While it plays, the echo is looked for near where it was: the speaker may have slipped
        // unseen (a device that ran dry for a moment). Moved once two looks in a row agree.
        if (!active || heardAt < 0 || ++sinceTrack < trackFrames) {
            return;
        }
        sinceTrack = 0;
        int found = alignment.measure(heardAt - trackShift, heardAt + trackShift);
        if (found < 0 || found == heardAt) {
            movedTo = -1;
        } else if (found == movedTo) {
            move(found - heardAt);
            heardAt = found;
            movedTo = -1;
        } else {
            movedTo = found;
        }
    }

    /** After the speaker started again: once the window holds only echo of what played since, every other frame until clear. */
    private void checkAfterRestart() {
        int from = heardAt < 0 ? -1 : heardAt - maxShift;
        int to = heardAt < 0 ? maxLag : heardAt + maxShift;
        int wait = alignWindowFrames + (heardAt < 0 ? 0 : (to + frame - 1) / frame);
        int found = sinceRestart < wait || (sinceRestart - wait) % 2 != 0 ? -1 : alignment.measure(from, to);
        if (found >= 0) {
            if (heardAt < 0) {
                // The first time (nothing of this answer cancelled yet): hold the played audio back
                // a little, within what the filter covers, so that a later start placed earlier
                // can be taken back too.
                lag = Math.max(lag, Math.min(headroom, found - margin / 2));
                unsettled = 0;
            } else if (found != heardAt) {
                move(found - heardAt);
            } else {
                unsettled = 0;
            }
            heardAt = found;
        } else if (checkFrames >= checkDeadline() || heldCount == maxHeld) {
            unsettled = 0; // no clear echo: on as it is
        } else {
            return;
        }
        checking = false;
        sinceTrack = 0;
        feedHeld();
    }

    /** The longest a check lasts: its window after the longest wait, and a second more. */
    private int checkDeadline() {
        return alignWindowFrames + (maxLag + maxShift + frame - 1) / frame + 5 * alignWindowFrames;
    }

    /** This frame's played audio, at the current alignment, into {@code played}; whether any of it sounded. */
    private boolean playedNow() {
        return playedFor(historyWritten, played);
    }

    /**
     * The played audio that meets the frame captured when the history held {@code written}
     * samples, at the current alignment; whether any of it sounded.
     */
    private boolean playedFor(long written, float[] into) {
        boolean any = false;
        long from = written - frame - lag;
        for (int i = 0; i < frame; i++) {
            long k = from + i;
            float v = k < 0 ? 0f : history[(int) (k % history.length)];
            into[i] = v;
            any |= v != 0f;
        }
        return any;
    }

    /** The frames kept while the echo was being found, through the canceller now, at the alignment found (their output was already quietened). */
    private void feedHeld() {
        // Into this frame's buffers: its played audio is taken again after, its output comes after.
        for (int j = 0; j < heldCount; j++) {
            playedFor(heldAt[j], played);
            canceller.cancel(held[j], played, cancelled);
        }
        heldCount = 0;
    }

    /** Moves the played audio with its echo (as far as it can be held back); the gate waits the filter's length. */
    private void move(int samples) {
        int before = lag;
        lag = Math.max(0, Math.min(maxLag, lag + samples));
        if (lag != before) {
            moves++;
            moved += Math.abs(lag - before);
        }
        unsettled = tailFrames;
    }

    /**
     * Holds the played audio back when the estimate says the echo would fall outside what the
     * filter covers (the microphone nearly ahead of it, or the way there taking over half the
     * filter). Not otherwise: a converged filter moved by a few tens of milliseconds has to learn
     * again (tried: holding back by the delay less the margin each time took the ERLE from
     * 17–25 dB to 12–13 dB on the 20 s test answers).
     */
    private void align() {
        int d = delay.delaySamples();
        if (d < 0) {
            return;
        }
        int inFilter = d - lag;
        if (inFilter < margin / 2 || inFilter > filterSamples / 2) {
            lag = Math.max(0, Math.min(maxLag, d - margin));
            // The filter learns the moved echo path from the start: ERLE counts again once it has.
            erleFrom = activeFrames + convergenceFrames;
        }
    }

    /** The ERLE's sums so far (microphone, canceller output), for a figure over a stretch of time. */
    double[] erleSums() {
        return new double[] {erleMic, erleOut};
    }

    /** What the canceller achieved so far (read it on the capture thread, or after the input ended). */
    public EchoStats stats() {
        double erle = erleFrames == 0 || erleOut <= 0 ? Double.NaN : 10 * Math.log10(erleMic / erleOut);
        double perFrame = frame / (double) AudioClip.SPEECH_RATE;
        int d = delay.delaySamples();
        return new EchoStats(erle, erleFrames * perFrame, d < 0 ? Double.NaN : d * 1000.0 / AudioClip.SPEECH_RATE,
                lag * 1000.0 / AudioClip.SPEECH_RATE, activeFrames * perFrame,
                reference.dropped() * 1000.0 / AudioClip.SPEECH_RATE, gate.residualGainDb(),
                gate.echoFrames() * perFrame, moves, moved * 1000.0 / AudioClip.SPEECH_RATE);
    }

    @Override
    public String describe() {
        return mic.describe() + " with " + canceller.describe();
    }

    /** Closes the microphone; the canceller belongs to whoever made it. */
    @Override
    public void close() {
        mic.close();
    }
}
