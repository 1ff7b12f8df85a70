package dev.benchmate.transcribing;

import dev.benchmate.media.AudioClip;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Transcription of an utterance at the person's pauses, so that at speech end only the rest is
 * left to do. {@link #hearSoFar} transcribes the audio up to a pause (the caller runs it where it
 * blocks nobody); {@link #transcribe} then transcribes only the audio after the latest such part,
 * from a little before the pause (inside its silence), with the earlier words as the prompt, and
 * joins the two texts. When no earlier part of this utterance was heard (not ready, failed, or of
 * another utterance) it transcribes the whole utterance, as without pauses.
 *
 * <p>An earlier part belongs to an utterance when the utterance begins with exactly its samples,
 * as the recorder's copy at a pause does. The utterance may also be shorter than that part by less
 * than a second: the pause was the start of the silence that ended the utterance (which is cut a
 * little after its last speech), and the earlier part's text is the whole text.
 */
public final class TranscriptionAtPauses {
    /** The rest starts this much before the pause's end: inside the pause's silence (at least 300 ms). */
    public static final int OVERLAP_SAMPLES = AudioClip.SPEECH_RATE / 10;
    /** Less than this after the earlier part is not worth a transcription of its own. */
    static final int SHORTEST_REST_SAMPLES = AudioClip.SPEECH_RATE / 5;
    /** How much of the earlier part's trailing silence the utterance may have been cut before. */
    static final int SILENCE_CUT_SAMPLES = AudioClip.SPEECH_RATE;

    private final Transcriber transcriber;
    private final boolean joinParts;
    private final AtomicReference<Early> latest = new AtomicReference<>();

    /** The text of an utterance's first samples. */
    record Early(AudioClip soFar, Transcript transcript) {
    }

    /**
     * @param joinParts whether the rest after a pause inside the question is transcribed on its own
     *                  and joined to the earlier part; false: an earlier part is used only when it
     *                  already is the whole question (the pause that began the final silence), else
     *                  the whole question is transcribed at its end, so the words are what they would
     *                  be without pauses
     */
    public TranscriptionAtPauses(Transcriber transcriber, boolean joinParts) {
        this.transcriber = transcriber;
        this.joinParts = joinParts;
    }

    public TranscriptionAtPauses(Transcriber transcriber) {
        this(transcriber, true);
    }

    /**
     * Transcribes an utterance's audio up to a pause, on the caller's thread, and keeps the text for
     * the utterance's end. A failure leaves nothing kept: the end then transcribes the whole.
     */
    public void hearSoFar(AudioClip soFar) {
        latest.set(null);
        Transcript t = transcriber.transcribe(soFar);
        latest.set(new Early(soFar, t));
    }

    /** The whole utterance's text: its rest after the latest part heard at a pause, or all of it. */
    public Transcript transcribe(AudioClip whole) {
        Early early = latest.get();
        if (early == null || !beginsWith(whole, early.soFar())) {
            // kept: it may be the beginning of the next utterance, heard while this one waited
            return transcriber.transcribe(whole);
        }
        latest.compareAndSet(early, null);
        int from = Math.max(0, early.soFar().samples().length - OVERLAP_SAMPLES);
        String before = early.transcript().nothingHeard() ? "" : early.transcript().text().trim();
        if (whole.samples().length - from < SHORTEST_REST_SAMPLES) {
            return new Transcript(before, before.isEmpty(), Duration.ZERO, whole.seconds());
        }
        if (!joinParts) {
            return transcriber.transcribe(whole);
        }
        AudioClip rest = new AudioClip(Arrays.copyOfRange(whole.samples(), from, whole.samples().length),
                whole.sampleRate());
        Transcript after = transcriber.transcribe(rest, before);
        String tail = after.nothingHeard() ? "" : after.text().trim();
        String text = join(before, tail);
        return new Transcript(text, text.isEmpty(), after.took(), whole.seconds());
    }

    static String join(String before, String after) {
        if (before.isEmpty()) {
            return after;
        }
        return after.isEmpty() ? before : before + " " + after;
    }

    private static boolean beginsWith(AudioClip whole, AudioClip part) {
        float[] w = whole.samples();
        float[] p = part.samples();
        int n = Math.min(w.length, p.length);
        return whole.sampleRate() == part.sampleRate() && w.length > p.length - SILENCE_CUT_SAMPLES
                && n > 0 && Arrays.equals(w, 0, n, p, 0, n);
    }
}
