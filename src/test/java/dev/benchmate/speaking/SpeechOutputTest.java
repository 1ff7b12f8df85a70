package dev.benchmate.speaking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.core.Brain;
import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.testing.Pictures;
import dev.benchmate.testing.SimulatedNpu;
import dev.benchmate.testing.Voice;
import dev.benchmate.thinking.Answer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Speech out through MaryTTS into a recording speaker, and answers streamed from the simulated NPU. */
class SpeechOutputTest {
    final RecordingSink sink = new RecordingSink();
    final SpeechOutput voice = new SpeechOutput(new Voices(Voice.mary(), Optional.empty(), Optional.empty()), sink);

    @AfterEach
    void quiet() {
        SimulatedNpu.clearDelays();
        voice.close();
    }

    @Test
    void sentencesFollowEachOtherWithoutGaps() throws Exception {
        SpokenAnswer a = voice.say("The chip is an ATmega328P. It has twenty eight pins. "
                + "The notch marks pin one. The crystal sits beside it.");
        assertTrue(a.awaitDone(Duration.ofSeconds(60)));
        assertEquals(4, a.spokenSentences().size(), a.spokenSentences().toString());
        assertTrue(sink.secondsPlayed() > 4, "all of it was played: " + sink.secondsPlayed());
        assertTrue(sink.maxGapMs() < 50, "longest gap " + sink.maxGapMs() + " ms");
    }

    @Test
    void aStreamedAnswerStartsSpeakingAfterItsFirstSentence() throws Exception {
        voice.warmUp(); // as the service does before it is ready: a cold MaryTTS's first sentence takes seconds
        try (Brain brain = SimulatedNpu.brain(64, 2048)) {
            ImageEmbedding red = brain.look(Pictures.solid(64, 64, 255, 0, 0));
            SimulatedNpu.setDelays(0, 0, 150);
            SpokenAnswer spoken = voice.begin(brain.conversation()::abort);
            long t0 = System.nanoTime();
            Answer answer = brain.ask("What is it?", red, spoken::onText);
            double generationMs = (System.nanoTime() - t0) / 1e6;
            spoken.finish();
            assertTrue(spoken.awaitDone(Duration.ofSeconds(30)));

            double firstAudioMs = spoken.timeToFirstAudio().orElseThrow().toNanos() / 1e6;
            System.out.printf("streamed answer: first audio after %.0f ms, whole answer generated in %.0f ms%n",
                    firstAudioMs, generationMs);
            assertEquals("Simulated answer to turn 1. The picture is red.", answer.text());
            assertEquals(java.util.List.of("Simulated answer to turn 1.", "The picture is red."),
                    spoken.spokenSentences());
            assertTrue(firstAudioMs < generationMs, "speech began before the answer was complete");
        }
    }

    @Test
    void bargeInStopsPlaybackAndGenerationWithin200Ms() throws Exception {
        try (Brain brain = SimulatedNpu.brain(64, 2048)) {
            ImageEmbedding red = brain.look(Pictures.solid(64, 64, 255, 0, 0));
            SimulatedNpu.setDelays(0, 0, 200);
            SpokenAnswer spoken = voice.begin(brain.conversation()::abort);
            CompletableFuture<Answer> answer = CompletableFuture.supplyAsync(() -> brain.ask("What is it?", red,
                    spoken::onText));
            while (spoken.timeToFirstAudio().isEmpty()) {
                Thread.sleep(5);
            }
            assertTrue(brain.conversation().isAnswering(), "still generating when the person speaks up");
            long stop = System.nanoTime();
            spoken.stop();
            Answer a = answer.get(5, TimeUnit.SECONDS);
            double generationStoppedMs = (System.nanoTime() - stop) / 1e6;
            assertTrue(spoken.awaitDone(Duration.ofSeconds(2)));
            System.out.printf("barge-in: audio after stop %.1f ms, generation ended %.0f ms after stop%n",
                    sink.playedAfterStopMs(), generationStoppedMs);
            assertTrue(sink.playedAfterStopMs() <= 200, "audio went on " + sink.playedAfterStopMs() + " ms");
            assertTrue(generationStoppedMs <= 200 + 200, "generation ended " + generationStoppedMs + " ms after stop");
            assertTrue(a.aborted());
            assertFalse(brain.conversation().isAnswering());
        }
    }

    @Test
    void chineseWithoutEspeakIsShownNotSpoken() throws Exception {
        SpokenAnswer a = voice.say("The resistor is red. 电阻是红色的。");
        assertTrue(a.awaitDone(Duration.ofSeconds(30)));
        assertEquals(java.util.List.of("The resistor is red."), a.spokenSentences());
        assertEquals(java.util.List.of("电阻是红色的。"), a.unspokenSentences());
    }

    @Test
    void warmingUpSpeaksIntoNothingAndLeavesTheVoiceFree() throws Exception {
        java.util.List<String> synthesized = new java.util.concurrent.CopyOnWriteArrayList<>();
        Synthesizer counting = new Synthesizer() {
            @Override
            public dev.benchmate.media.AudioClip synthesize(String text) {
                synthesized.add(text);
                return new dev.benchmate.media.AudioClip(new float[16_000], 16_000);
            }

            @Override
            public int sampleRate() {
                return 16_000;
            }
        };
        RecordingSink speaker = new RecordingSink();
        try (SpeechOutput out = new SpeechOutput(counting, speaker)) {
            out.warmUp();
            java.util.List<String> sentences = new SentenceSplitter().accept(SpeechOutput.WARM_UP_TEXT + " ");
            assertTrue(sentences.size() > 1, sentences.toString());
            assertEquals(SpeechOutput.WARM_UP_ROUNDS * sentences.size(), synthesized.size(), synthesized.toString());
            assertEquals(sentences, synthesized.subList(0, sentences.size()), "split as answers are");
            assertEquals(0.0, speaker.secondsPlayed(), "nothing was heard");
            assertFalse(out.speaking(), "the listener is not told an answer is being spoken");
        }
    }

    @Test
    void aVoiceThatCannotSpeakFailsItsWarmUpWithTheReason() {
        Synthesizer broken = new Synthesizer() {
            @Override
            public dev.benchmate.media.AudioClip synthesize(String text) {
                throw new SynthesisException("MaryTTS voice 'x' is not installed", null);
            }

            @Override
            public int sampleRate() {
                return 16_000;
            }
        };
        try (SpeechOutput out = new SpeechOutput(broken, new RecordingSink())) {
            SynthesisException e = org.junit.jupiter.api.Assertions.assertThrows(SynthesisException.class, out::warmUp);
            assertTrue(e.getMessage().contains("MaryTTS voice 'x' is not installed"), e.getMessage());
        }
    }

    /** A voice that takes 100 ms a sentence and gives 10 ms of audio per character, noting what it was asked. */
    static final class SlowVoice implements Synthesizer {
        final java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public dev.benchmate.media.AudioClip synthesize(String text) {
            asked.add(text);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SynthesisException("interrupted", e);
            }
            return new dev.benchmate.media.AudioClip(new float[text.length() * 160], 16_000);
        }

        @Override
        public int sampleRate() {
            return 16_000;
        }

        void awaitAsked(String text) throws InterruptedException {
            for (int i = 0; i < 200 && !asked.contains(text); i++) {
                Thread.sleep(10);
            }
            assertTrue(asked.contains(text), "the voice was asked for '" + text + "': " + asked);
        }
    }

    /** An answer whose text so far ends where only the next token can tell, its guess being voiced. */
    record Guessing(SlowVoice voice, RecordingSink speaker, SpeechOutput out, SpokenAnswer answer)
            implements AutoCloseable {
        static Guessing after(String text) throws InterruptedException {
            SlowVoice slow = new SlowVoice();
            RecordingSink speaker = new RecordingSink();
            SpeechOutput out = new SpeechOutput(slow, speaker);
            SpokenAnswer a = out.begin(() -> { });
            a.onText(text);
            slow.awaitAsked(text); // before the next token has come
            return new Guessing(slow, speaker, out, a);
        }

        @Override
        public void close() {
            out.close();
        }
    }

    @Test
    void aSentenceWhoseEndTheNextTokenDecidesIsVoicedWhileThatTokenComes() throws Exception {
        try (Guessing g = Guessing.after("Simulated answer to turn 2.")) {
            g.answer().onText(" The picture is green.");
            g.answer().finish();
            assertTrue(g.answer().awaitDone(Duration.ofSeconds(10)));
            List<String> both = List.of("Simulated answer to turn 2.", "The picture is green.");
            assertEquals(both, g.answer().spokenSentences());
            assertEquals(both, g.voice().asked, "the sentence voiced early is the one played, not voiced twice");
        }
    }

    @Test
    void aGuessTheNextTokenRefutesIsNeverHeard() throws Exception {
        try (Guessing g = Guessing.after("It is 2.")) {
            g.answer().onText("5 V. It");
            g.answer().onText(" works.");
            g.answer().finish();
            assertTrue(g.answer().awaitDone(Duration.ofSeconds(10)));
            assertEquals(List.of("It is 2.5 V.", "It works."), g.answer().spokenSentences());
            int heard = g.speaker().played().stream().mapToInt(RecordingSink.Played::samples).sum();
            assertEquals(("It is 2.5 V.".length() + "It works.".length()) * 160, heard,
                    "only the sentences as they ended were played: " + g.voice().asked);
        }
    }

    @Test
    void aStopWhileAGuessIsVoicedEndsTheAnswerSilent() throws Exception {
        try (Guessing g = Guessing.after("It is 2.")) {
            g.answer().stop();
            assertTrue(g.answer().awaitDone(Duration.ofSeconds(5)), "the answer ended");
            assertTrue(g.answer().stopped());
            assertEquals(0, g.speaker().played().size(), "nothing was heard");
            assertTrue(g.answer().spokenSentences().isEmpty());
        }
    }
}
