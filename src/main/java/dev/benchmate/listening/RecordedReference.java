package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;

/** A recording of what played, starting with the microphone's recording (for `listen --echo-reference`, tests). */
public final class RecordedReference implements ReferenceSource {
    private final float[] samples;
    private int position;

    public RecordedReference(AudioClip played) {
        if (played.sampleRate() != AudioClip.SPEECH_RATE) {
            throw new IllegalArgumentException("the played audio must be at " + AudioClip.SPEECH_RATE + " Hz, is at "
                    + played.sampleRate());
        }
        this.samples = played.samples();
    }

    @Override
    public boolean next(float[] into) {
        int n = Math.max(0, Math.min(into.length, samples.length - position));
        System.arraycopy(samples, position, into, 0, n);
        java.util.Arrays.fill(into, n, into.length, 0f);
        boolean any = false;
        for (int i = 0; i < n && !any; i++) {
            any = samples[position + i] != 0f;
        }
        position += into.length;
        return any;
    }
}
