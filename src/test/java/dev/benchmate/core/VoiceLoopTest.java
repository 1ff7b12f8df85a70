package dev.benchmate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.listening.AudioInput;
import dev.benchmate.listening.ClipInput;
import dev.benchmate.listening.HandsFreeGate;
import dev.benchmate.listening.HandsFreeMode;
import dev.benchmate.listening.PhraseSpotter;
import dev.benchmate.listening.Phrases;
import dev.benchmate.listening.TarsosSpeechDetector;
import dev.benchmate.listening.UtteranceRecorder;
import dev.benchmate.media.AudioClip;
import dev.benchmate.media.SpeechRateConversion;
import dev.benchmate.testing.Pictures;
import dev.benchmate.testing.TestBench;
import dev.benchmate.testing.Voice;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The hands-free loop over recordings: wake phrase, questions, and a microphone that fails. */
class VoiceLoopTest {
    /** A spotter that hears the wake phrase in the given utterances (1-based) only. */
    static final class ScriptedSpotter implements PhraseSpotter {
        final List<Integer> woken;
        int calls;

        ScriptedSpotter(Integer... woken) {
            this.woken = List.of(woken);
        }

        @Override
        public synchronized String spot(AudioClip utterance) {
            return woken.contains(++calls) ? "hey bench mate [unk] [unk]" : "[unk] [unk]";
        }

        @Override
        public void close() {
        }
    }

    static float[] recording(String... sentences) {
        List<AudioClip> clips = java.util.Arrays.stream(sentences)
                .map(s -> SpeechRateConversion.toSpeechRate(Voice.mary().synthesize(s))).toList();
        int gap = 24000;
        int total = 8000 + clips.stream().mapToInt(c -> c.samples().length + gap).sum() + 16000 * 3;
        float[] audio = new float[total];
        int at = 8000;
        for (AudioClip c : clips) {
            System.arraycopy(c.samples(), 0, audio, at, c.samples().length);
            at += c.samples().length + gap;
        }
        return audio;
    }

    static VoiceLoop loop(TestBench bench, Supplier<AudioInput> input, PhraseSpotter spotter) {
        return new VoiceLoop(input, new UtteranceRecorder(new TarsosSpeechDetector(), 300), Optional.of(spotter),
                new HandsFreeGate(HandsFreeMode.WAKE_PHRASE, Phrases.english("hey bench mate"), Duration.ofSeconds(8),
                        InstantSource.system()), bench.assistant, bench.voice, bench.hub, bench.supervisor,
                InstantSource.system());
    }

    static List<String> answers(TestBench bench) {
        return bench.whats().stream().filter(e -> e instanceof TurnEvent.Answered)
                .map(e -> ((TurnEvent.Answered) e).answer()).toList();
    }

    @Test
    void onlyTheQuestionAfterTheWakePhraseIsAnswered() throws Exception {
        float[] audio = recording("Pass me the pliers, please.", "Hey bench mate, what colour is this?");
        try (TestBench bench = new TestBench(TestBench.options()
                .transcriber(new TestBench.ScriptedTranscriber("What colour is this?")))) {
            bench.camera.frame = Pictures.solid(64, 64, 30, 30, 220);
            ClipInput input = new ClipInput(new AudioClip(audio, 16000), "recording");
            try (VoiceLoop loop = loop(bench, () -> input, new ScriptedSpotter(2))) {
                loop.start();
                loop.ended().get(60, TimeUnit.SECONDS);
            }
            bench.settle();
            assertEquals(List.of("Simulated answer to turn 1. The picture is blue."), answers(bench));
        }
    }

    @Test
    void aMicrophoneThatFailsIsOpenedAgainAndTheNextQuestionIsAnswered() throws Exception {
        float[] audio = recording("Hey bench mate, what colour is this?");
        AtomicInteger opened = new AtomicInteger();
        try (TestBench bench = new TestBench(TestBench.options()
                .transcriber(new TestBench.ScriptedTranscriber("What colour is this?")))) {
            Supplier<AudioInput> microphone = () -> {
                if (opened.incrementAndGet() == 1) {
                    return new AudioInput() { // a device that fails after a moment
                        int reads;

                        @Override
                        public float[] read() {
                            if (++reads > 10) {
                                throw new IllegalStateException("the USB microphone was unplugged");
                            }
                            return new float[320];
                        }

                        @Override
                        public String describe() {
                            return "failing microphone";
                        }

                        @Override
                        public void close() {
                        }
                    };
                }
                return new ClipInput(new AudioClip(audio, 16000), "recording");
            };
            try (VoiceLoop loop = loop(bench, microphone, new ScriptedSpotter(1))) {
                loop.start();
                loop.ended().get(60, TimeUnit.SECONDS);
            }
            bench.settle();
            assertEquals(2, opened.get(), "the microphone was opened again");
            assertTrue(bench.saw(e -> e instanceof TurnEvent.Failed f && f.stage() == Stage.CAPTURE
                    && f.cause().contains("unplugged")), bench.whats().toString());
            assertEquals(List.of("Simulated answer to turn 1. The picture is green."), answers(bench));
            assertTrue(bench.supervisor.liveness().alive(), bench.supervisor.liveness().toString());
        }
    }

    @Test
    void withTranscriptionAtPausesTheQuestionsBeginningIsHeardAtItsPause(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        AudioClip first = Voice.spokenTrimmed("Hey bench mate, what colour");
        AudioClip second = Voice.spokenTrimmed("is the wire?");
        float[] audio = new float[8000 + first.samples().length + 7200 + second.samples().length + 48000];
        System.arraycopy(first.samples(), 0, audio, 8000, first.samples().length);
        // 0.45 s between the two halves: a pause, not an end
        System.arraycopy(second.samples(), 0, audio, 8000 + first.samples().length + 7200, second.samples().length);
        List<Integer> lengths = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        dev.benchmate.transcribing.Transcriber fake = new dev.benchmate.transcribing.Transcriber() {
            @Override
            public dev.benchmate.transcribing.Transcript transcribe(AudioClip clip) {
                lengths.add(clip.samples().length);
                return new dev.benchmate.transcribing.Transcript("What colour is the wire?", false,
                        Duration.ZERO, clip.seconds());
            }

            @Override
            public void close() {
            }
        };
        try (TestBench bench = new TestBench(TestBench.options().transcriber(fake))) {
            bench.assistant.transcribeAtPauses(true);
            // in real time, as a microphone: each pause is transcribed before the next comes
            java.nio.file.Path mic = dir.resolve("mic.wav");
            dev.benchmate.media.WavFiles.write(new AudioClip(audio, 16000), mic);
            dev.benchmate.listening.ReplayInput input = new dev.benchmate.listening.ReplayInput(mic);
            List<AudioClip> utterances = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            UtteranceRecorder recorder = new UtteranceRecorder(new TarsosSpeechDetector(), 300);
            recorder.onUtterance(u -> utterances.add(u.audio()));
            try (VoiceLoop loop = new VoiceLoop(() -> input, recorder, Optional.of(new ScriptedSpotter(1)),
                    new HandsFreeGate(HandsFreeMode.WAKE_PHRASE, Phrases.english("hey bench mate"),
                            Duration.ofSeconds(8), InstantSource.system()), bench.assistant, bench.voice, bench.hub,
                    bench.supervisor, InstantSource.system())) {
                loop.start();
                loop.ended().get(60, TimeUnit.SECONDS);
            }
            bench.settle();
            assertEquals(1, answers(bench).size(), bench.whats().toString());
            assertEquals(1, utterances.size(), "one utterance: the gap is a pause");
            int whole = utterances.get(0).samples().length;
            assertTrue(lengths.get(0) < whole, "its beginning was transcribed at the pause: " + lengths);
            assertFalse(lengths.contains(whole), "the whole question was never transcribed: " + lengths
                    + " of " + whole);
            assertTrue(bench.saw(e -> e instanceof TurnEvent.Transcribed t && t.text().contains("wire")),
                    bench.whats().toString());
        }
    }

    /** A speaker that takes as long as the audio lasts (a device), and stops at once when told. */
    static final class RealTimeSink implements dev.benchmate.speaking.AudioSink {
        volatile boolean stopped;

        @Override
        public void write(AudioClip block) {
            long until = System.nanoTime() + (long) (block.seconds() * 1e9);
            while (!stopped && System.nanoTime() < until) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }

        @Override
        public void stopNow() {
            stopped = true;
        }
    }

    static final String LONG_ANSWER = "The board carries a microcontroller in a square package. Beside it sits a "
            + "crystal with two small capacitors. Further down there is a voltage regulator and a row of pin headers. "
            + "The connector on the left edge is for programming.";

    /** A person's question 1.5 s into a long answer, heard in real time by an always-listening loop. */
    private static dev.benchmate.speaking.SpokenAnswer speakOver(TestBench bench, VoiceLoop.BargeIn bargeIn,
                                                                 java.nio.file.Path dir) throws Exception {
        AudioClip question = Voice.spokenTrimmed("What colour is this?");
        float[] audio = new float[24000 + question.samples().length + 16000 * 4];
        System.arraycopy(question.samples(), 0, audio, 24000, question.samples().length);
        java.nio.file.Path mic = dir.resolve("mic.wav");
        dev.benchmate.media.WavFiles.write(new AudioClip(audio, 16000), mic);
        dev.benchmate.listening.ReplayInput input = new dev.benchmate.listening.ReplayInput(mic);
        try (VoiceLoop loop = new VoiceLoop(() -> input, new UtteranceRecorder(new TarsosSpeechDetector(), 300),
                Optional.of(new ScriptedSpotter()), new HandsFreeGate(HandsFreeMode.ALWAYS_LISTENING,
                Phrases.english("hey bench mate"), Duration.ofSeconds(8), InstantSource.system()), bench.assistant,
                bench.voice, bench.hub, bench.supervisor, InstantSource.system())) {
            loop.bargeIn(bargeIn);
            dev.benchmate.speaking.SpokenAnswer answer = bench.voice.say(LONG_ANSWER);
            loop.start();
            loop.ended().get(60, TimeUnit.SECONDS);
            bench.settle();
            return answer;
        }
    }

    @Test
    void withBargeInOnSpeechAPersonSpeakingOverTheAnswerStopsItAndIsAnswered(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (TestBench bench = new TestBench(TestBench.options().sink(new RealTimeSink())
                .transcriber(new TestBench.ScriptedTranscriber("What colour is this?")))) {
            dev.benchmate.speaking.SpokenAnswer over = speakOver(bench, VoiceLoop.BargeIn.SPEECH, dir);
            assertTrue(over.stopped(), "the answer stopped when the person spoke");
            assertTrue(bench.saw(e -> e instanceof TurnEvent.BargedIn), bench.whats().toString());
            assertEquals(List.of("Simulated answer to turn 1. The picture is green."), answers(bench));
        }
    }

    @Test
    void withBargeInOnCommandsSpeechOverTheAnswerIsNotAQuestion(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (TestBench bench = new TestBench(TestBench.options().sink(new RealTimeSink())
                .transcriber(new TestBench.ScriptedTranscriber("What colour is this?")))) {
            dev.benchmate.speaking.SpokenAnswer over = speakOver(bench, VoiceLoop.BargeIn.COMMAND, dir);
            assertFalse(over.stopped(), "only a command stops the answer");
            assertTrue(bench.saw(e -> e instanceof TurnEvent.Ignored i && i.why().contains("speaking")),
                    bench.whats().toString());
            assertEquals(List.of(), answers(bench));
        }
    }
}
