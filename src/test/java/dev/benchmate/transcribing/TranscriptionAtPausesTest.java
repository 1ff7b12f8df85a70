package dev.benchmate.transcribing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.AudioClip;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What is transcribed at the question's end when its beginning was heard at a pause. The words come
 * from a fake transcriber that says which stretch of the utterance it was given (a generated
 * Whisper model's text means nothing, so the order and joining of words are tested with it).
 */
class TranscriptionAtPausesTest {
    static final int RATE = AudioClip.SPEECH_RATE;

    /** Says "words<first sample's value>-<last sample's value>" and records each call. */
    static final class Recording implements Transcriber {
        final List<Integer> lengths = new ArrayList<>();
        final List<String> prompts = new ArrayList<>();
        boolean fail;

        @Override
        public Transcript transcribe(AudioClip utterance) {
            return transcribe(utterance, null);
        }

        @Override
        public Transcript transcribe(AudioClip clip, String earlier) {
            lengths.add(clip.samples().length);
            prompts.add(earlier);
            if (fail) {
                throw new TranscriptionException("failed");
            }
            float[] s = clip.samples();
            String text = "from" + (int) s[0] + "to" + (int) s[s.length - 1];
            return new Transcript(text, false, Duration.ofMillis(1), clip.seconds());
        }

        @Override
        public void close() {
        }
    }

    /** An utterance whose sample i is its second (0, 1, 2, …), so a text says where its audio was. */
    static AudioClip utterance(double seconds) {
        float[] x = new float[(int) (seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            x[i] = i / RATE;
        }
        return new AudioClip(x, RATE);
    }

    static AudioClip first(AudioClip whole, double seconds) {
        return new AudioClip(Arrays.copyOf(whole.samples(), (int) (seconds * RATE)), RATE);
    }

    @Test
    void withTheBeginningHeardAtAPauseOnlyTheRestIsTranscribedAndTheTextsAreJoinedInOrder() {
        Recording fake = new Recording();
        TranscriptionAtPauses t = new TranscriptionAtPauses(fake);
        AudioClip whole = utterance(3.5);

        t.hearSoFar(first(whole, 2.0));
        Transcript heard = t.transcribe(whole);

        int rest = (int) (1.5 * RATE) + TranscriptionAtPauses.OVERLAP_SAMPLES;
        assertEquals(List.of(2 * RATE, rest), fake.lengths, "the part so far, then only the rest (and 0.1 s before it)");
        assertEquals("from0to1", fake.prompts.get(1),
                "the earlier words are the rest's prompt");
        assertEquals("from0to1 from1to3", heard.text());
        assertFalse(heard.nothingHeard());
        assertEquals(3.5, heard.audioSeconds(), 1e-9, "the transcript is of the whole utterance");
    }

    @Test
    void withoutJoiningPartsAPauseInsideTheQuestionLeavesTheWholeAndThePauseAtItsEndLeavesNothing() {
        Recording fake = new Recording();
        TranscriptionAtPauses t = new TranscriptionAtPauses(fake, false);
        AudioClip whole = utterance(3.5);
        t.hearSoFar(first(whole, 2.0)); // a pause inside the question
        Transcript heard = t.transcribe(whole);
        assertEquals(List.of(2 * RATE, (int) (3.5 * RATE)), fake.lengths, "the whole at the end, never a part joined");
        assertEquals("from0to3", heard.text());

        Recording again = new Recording();
        TranscriptionAtPauses u = new TranscriptionAtPauses(again, false);
        AudioClip spoken = utterance(3.0);
        u.hearSoFar(first(spoken, 3.0)); // the pause that began the final silence: the whole question
        assertEquals("from0to2", u.transcribe(spoken).text());
        assertEquals(List.of(3 * RATE), again.lengths, "nothing left to do at the end");
    }

    @Test
    void theLatestPauseCounts() {
        Recording fake = new Recording();
        TranscriptionAtPauses t = new TranscriptionAtPauses(fake);
        AudioClip whole = utterance(5);

        t.hearSoFar(first(whole, 1.5));
        t.hearSoFar(first(whole, 3.2));
        Transcript heard = t.transcribe(whole);

        assertEquals((int) (1.8 * RATE) + TranscriptionAtPauses.OVERLAP_SAMPLES, fake.lengths.get(2));
        assertEquals("from0to3 from3to4", heard.text());
    }

    @Test
    void withoutAnEarlierPartTheWholeIsTranscribedAsBefore() {
        Recording fake = new Recording();
        AudioClip whole = utterance(3);

        Transcript heard = new TranscriptionAtPauses(fake).transcribe(whole);

        assertEquals(List.of(3 * RATE), fake.lengths);
        assertEquals("from0to2", heard.text());
        assertEquals(null, fake.prompts.get(0));
    }

    @Test
    void aFailedEarlierPartLeavesTheWholeToTranscribe() {
        Recording fake = new Recording();
        TranscriptionAtPauses t = new TranscriptionAtPauses(fake);
        AudioClip whole = utterance(3);
        fake.fail = true;
        try {
            t.hearSoFar(first(whole, 2));
        } catch (TranscriptionException expected) {
            // the caller drops it
        }
        fake.fail = false;

        assertEquals("from0to2", t.transcribe(whole).text());
        assertEquals(3 * RATE, fake.lengths.get(1));
    }

    @Test
    void anEarlierPartOfAnotherUtteranceIsNotUsed() {
        Recording fake = new Recording();
        TranscriptionAtPauses t = new TranscriptionAtPauses(fake);
        AudioClip other = utterance(2);
        other.samples()[100] = 7;
        t.hearSoFar(other);

        Transcript heard = t.transcribe(utterance(3));

        assertEquals(List.of(2 * RATE, 3 * RATE), fake.lengths);
        assertEquals("from0to2", heard.text());
    }

    @Test
    void theBeginningOfTheNextUtteranceHeardWhileOneWaitedIsKeptForIt() {
        Recording fake = new Recording();
        TranscriptionAtPauses t = new TranscriptionAtPauses(fake);
        AudioClip next = utterance(3);
        next.samples()[100] = 7;
        t.hearSoFar(first(next, 2));

        t.transcribe(utterance(2.5)); // the one before, which waited
        Transcript heard = t.transcribe(next);

        assertEquals(List.of(2 * RATE, (int) (2.5 * RATE), RATE + TranscriptionAtPauses.OVERLAP_SAMPLES), fake.lengths);
        assertEquals("from0to1 from1to2", heard.text());
    }

    @Test
    void anEarlierPartIsUsedOnce() {
        Recording fake = new Recording();
        TranscriptionAtPauses t = new TranscriptionAtPauses(fake);
        AudioClip whole = utterance(3);
        t.hearSoFar(first(whole, 2));
        t.transcribe(whole);

        t.transcribe(whole);

        assertEquals(3 * RATE, fake.lengths.get(2), "the second time, the whole");
    }

    @Test
    void whenThePauseWasTheStartOfTheEndingSilenceTheEarlierTextIsTheWholeText() {
        Recording fake = new Recording();
        TranscriptionAtPauses t = new TranscriptionAtPauses(fake);
        AudioClip soFar = utterance(3.2);
        AudioClip whole = first(soFar, 3.0); // the utterance is cut shortly after its last speech

        t.hearSoFar(soFar);
        Transcript heard = t.transcribe(whole);

        assertEquals(List.of((int) (3.2 * RATE)), fake.lengths, "nothing left to transcribe");
        assertEquals("from0to3", heard.text());
        assertTrue(heard.took().isZero());
    }

    @Test
    void theConfiguredPromptComesBeforeTheEarlierWords() {
        assertEquals("solder, flux. what is", WhisperTranscriber.prompt("solder, flux.", " what is "));
        assertEquals("what is", WhisperTranscriber.prompt(null, "what is"));
        assertEquals("solder", WhisperTranscriber.prompt("solder", null));
        assertEquals(null, WhisperTranscriber.prompt(null, ""));
    }
}
