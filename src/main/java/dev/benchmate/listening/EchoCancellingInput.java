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
 */
public final class EchoCancellingInput implements AudioInput {
    /** The longest delay from playback to microphone searched for. */
    public static final int MAX_DELAY_MS = 500;
    /** The played audio is fed this much earlier than its echo is estimated to arrive. */
    static final int MARGIN_MS = 20;
    /** ERLE counts only after this much played audio: the canceller is still converging before (speech takes longer than noise). */
    static final int CONVERGENCE_MS = 3000;
    private final AudioInput mic;
    private final ReferenceSource reference;
    private final EchoCanceller canceller;
    private final int frame;
    private final int tailFrames;
    private final int filterSamples;
    private final int margin;
    private final DelayEstimator delay;
    private final EchoGate gate;
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
        this.gate = new EchoGate(frame, tailFrames);
        this.history = new float[AudioClip.SPEECH_RATE * MAX_DELAY_MS / 1000 + 2 * frame];
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
        for (float v : rawPlayed) {
            history[(int) (historyWritten++ % history.length)] = v;
        }
        delay.observe(in, rawPlayed, frame);
        align();
        boolean any = false;
        long from = historyWritten - frame - lag;
        for (int i = 0; i < frame; i++) {
            long k = from + i;
            float v = k < 0 ? 0f : history[(int) (k % history.length)];
            played[i] = v;
            any |= v != 0f;
        }
        framesSincePlayed = any ? 0 : framesSincePlayed == Integer.MAX_VALUE ? framesSincePlayed : framesSincePlayed + 1;
        boolean active = framesSincePlayed < tailFrames;
        if (active) {
            activeFrames++;
            canceller.cancel(in, played, cancelled);
        } else {
            System.arraycopy(in, 0, cancelled, 0, frame);
        }
        float[] view = work;
        System.arraycopy(cancelled, 0, view, 0, frame);
        if (canceller.preprocessing()) {
            canceller.preprocess(view, active);
        }
        boolean person = gate.apply(view, played);
        System.arraycopy(view, 0, out, at, frame);
        if (active && !person && activeFrames >= erleFrom) {
            erleMic += EchoGate.power(in);
            erleOut += EchoGate.power(cancelled);
            erleFrames++;
        }
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
            lag = Math.max(0, Math.min(history.length - 2 * frame, d - margin));
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
                gate.echoFrames() * perFrame);
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
