package dev.benchmate.core;

import static dev.benchmate.testing.TestBench.failedIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.app.BrainSettings;
import dev.benchmate.app.BrainLoader;
import dev.benchmate.listening.ClipInput;
import dev.benchmate.listening.Command;
import dev.benchmate.listening.TarsosSpeechDetector;
import dev.benchmate.listening.Utterance;
import dev.benchmate.listening.UtteranceRecorder;
import dev.benchmate.media.AudioClip;
import dev.benchmate.media.Picture;
import dev.benchmate.media.SpeechRateConversion;
import dev.benchmate.speaking.Earcons;
import dev.benchmate.testing.Pictures;
import dev.benchmate.testing.SimulatedNpu;
import dev.benchmate.testing.TestBench;
import dev.benchmate.testing.Voice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The turn through the real components: speech detection, a camera, the simulated NPU, MaryTTS. */
class AssistantTest {
    TestBench bench;

    @AfterEach
    void close() {
        if (bench != null) {
            bench.close();
        }
    }

    @Test
    void aSpokenQuestionIsHeardSeenAnsweredAndSpoken() throws Exception {
        TestBench.SilentSink sink = new TestBench.SilentSink();
        bench = new TestBench(TestBench.options().sink(sink)
                .transcriber(new TestBench.ScriptedTranscriber("Hey bench mate, what colour is this?")));
        AudioClip question = SpeechRateConversion.toSpeechRate(Voice.mary().synthesize("What colour is this?"));
        float[] withSilence = new float[question.samples().length + 32000];
        System.arraycopy(question.samples(), 0, withSilence, 8000, question.samples().length);
        UtteranceRecorder recorder = new UtteranceRecorder(new TarsosSpeechDetector(), 300);
        recorder.onSpeechStart(bench.assistant::speechStarted);
        ClipInput input = new ClipInput(new AudioClip(withSilence, 16000), "question");
        List<Utterance> heard = new ArrayList<>();
        for (float[] b = input.read(); b != null; b = input.read()) {
            heard.addAll(recorder.accept(b));
        }
        heard.addAll(recorder.finish());
        assertEquals(1, heard.size(), "one utterance");

        bench.assistant.listening(true); // as the voice loop says when it starts
        TurnResult r = TestBench.await(bench.assistant.ask(Question.spoken(heard.get(0).audio(), true,
                System.nanoTime()), AnswerSink.NONE));
        assertEquals("what colour is this?", r.question().toLowerCase(), "the wake phrase is not part of the question");
        assertEquals("Simulated answer to turn 1. The picture is green.", r.answer());
        assertTrue(r.pictureAttached());
        assertTrue(r.latency().visionEncodeMs() > 0, "the frame taken at speech start was encoded");
        assertTrue(r.latency().firstAudioMs() > 0 && sink.seconds > 2, "the answer was spoken");
        assertEquals(List.of("Simulated answer to turn 1.", "The picture is green."), r.spokenSentences());
        bench.settle();
        assertTrue(bench.saw(e -> e instanceof TurnEvent.Transcribed t && t.text().equals("what colour is this?")));
        assertTrue(bench.saw(e -> e.equals(new TurnEvent.StateChanged(TurnState.THINKING))));
        assertTrue(bench.saw(e -> e.equals(new TurnEvent.StateChanged(TurnState.FOLLOW_UP))),
                "a spoken question opens the follow-up window");
        assertEquals(1, bench.assistant.recentLatencies().size());
        assertTrue(bench.events.stream().allMatch(e -> e.turn() == r.turn() || e.turn() == 0),
                "every event carries the turn id: " + bench.events);
    }

    @Test
    void aWrittenAnswerWithoutAVoiceLoopNeverClaimsToSpeakOrListen() throws Exception {
        bench = new TestBench(TestBench.options());
        TurnResult r = TestBench.await(bench.assistant.ask(Question.text(dev.benchmate.core.FrontDoor.API,
                "What is this?", Question.PictureChoice.NONE, false), AnswerSink.NONE));
        assertTrue(r.answer().startsWith("Simulated answer"), r.answer());
        bench.settle();
        List<TurnState> states = bench.events.stream().filter(e -> e.what() instanceof TurnEvent.StateChanged)
                .map(e -> ((TurnEvent.StateChanged) e.what()).state()).toList();
        assertEquals(List.of(TurnState.THINKING, TurnState.IDLE), states,
                "no SPEAKING for an answer only written, and IDLE (not LISTENING) with no microphone");
    }

    @Test
    void theThinkingEarconPlaysBeforeTheAnswer() {
        TestBench.SilentSink sink = new TestBench.SilentSink();
        bench = new TestBench(TestBench.options().sink(sink));
        bench.answer("What is it?");
        assertEquals(Earcons.of(Earcons.Kind.THINKING).samples().length, sink.blockSizes.get(0));
    }

    @Test
    void followUpsReuseThePictureUnlessAskedToLook() {
        bench = new TestBench();
        assertTrue(bench.answer("What is on the bench?").pictureAttached(), "first question");
        TurnResult followUp = bench.answer("And what is it used for?");
        assertFalse(followUp.pictureAttached(), "a follow-up uses the picture in the KV cache");
        assertEquals("Simulated answer to turn 2. The picture is green.", followUp.answer());
        bench.camera.frame = Pictures.solid(640, 480, 220, 20, 20);
        TurnResult look = bench.answer("Now look at this one.");
        assertTrue(look.pictureAttached());
        // A new picture starts a fresh conversation, the earlier two turns written back before it.
        assertEquals("Simulated answer to turn 3. The picture is red.", look.answer());
        bench.camera.frame = Pictures.solid(640, 480, 20, 20, 220);
        bench.assistant.command(Command.LOOK);
        assertTrue(bench.answer("And now?").pictureAttached(), "the look command attaches the next one");
    }

    @Test
    void aPictureTheQuestionWillTakeIsPrefilledWhileThePersonSpeaks() throws Exception {
        bench = new TestBench();
        assertTrue(bench.brain.probeSplitPrefill().keepsCache(), "the simulator keeps a prefill-only run");
        bench.assistant.speechStarted(); // a fresh conversation: the question will take the picture
        assertTrue(TestBench.eventually(() -> bench.brain.conversation().kvCacheSize() > 196),
                "the picture is in the KV cache before the question is asked: " + bench.brain.conversation().kvCacheSize());
        TurnResult r = bench.answer("What is on the bench?");
        assertTrue(r.pictureAttached());
        assertFalse(r.restarted(), "the question went on from its prefilled picture");
        assertEquals("Simulated answer to turn 1. The picture is green.", r.answer());
        assertEquals("Simulated answer to turn 2. The picture is green.", bench.answer("And then?").answer());
    }

    @Test
    void aPrefilledPictureWhoseQuestionTakesNoneIsDroppedAndTheAnswerIsRight() throws Exception {
        bench = new TestBench();
        bench.brain.probeSplitPrefill();
        bench.assistant.speechStarted();
        assertTrue(TestBench.eventually(() -> bench.brain.conversation().kvCacheSize() > 196));
        TurnResult r = TestBench.await(bench.assistant.ask(Question.text(FrontDoor.API, "What is Ohm's law?",
                Question.PictureChoice.NONE, false), AnswerSink.NONE));
        assertFalse(r.pictureAttached());
        assertEquals("Simulated answer to turn 1.", r.answer(), "the half turn is gone");
    }

    /** Says which seconds of audio it was given ("s0-2"), and records the lengths. */
    static class Stretches implements dev.benchmate.transcribing.Transcriber {
        final List<Integer> lengths = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public dev.benchmate.transcribing.Transcript transcribe(AudioClip clip) {
            lengths.add(clip.samples().length);
            float[] x = clip.samples();
            return new dev.benchmate.transcribing.Transcript("s" + (int) x[0] + "-" + (int) x[x.length - 1], false,
                    java.time.Duration.ZERO, clip.seconds());
        }

        @Override
        public void close() {
        }
    }

    static AudioClip counting(double seconds) {
        float[] x = new float[(int) (seconds * 16000)];
        for (int i = 0; i < x.length; i++) {
            x[i] = i / 16000;
        }
        return new AudioClip(x, 16000);
    }

    @Test
    void withTranscriptionAtPausesOnlyTheRestOfAQuestionIsTranscribedAtItsEnd() throws Exception {
        Stretches fake = new Stretches();
        bench = new TestBench(TestBench.options().transcriber(fake));
        bench.assistant.transcribeAtPauses(true);
        TurnResult r = askAfterAPauseAtTwoSeconds(counting(3.5));

        assertEquals(List.of(32000, 24000 + 1600), fake.lengths, "2 s at the pause, then 1.5 s and 0.1 s before it");
        assertEquals("s0-1 s1-3", r.question(), "the words in order");
    }

    @Test
    void aTranscriberThatKnowsWholeUtterancesOnlyIsNeverGivenParts() throws Exception {
        Stretches fake = new Stretches() {
            @Override
            public boolean hearsParts() {
                return false;
            }
        };
        bench = new TestBench(TestBench.options().transcriber(fake));
        bench.assistant.transcribeAtPauses(true);
        TurnResult r = askAfterAPauseAtTwoSeconds(counting(3.5));

        assertEquals(List.of(56000), fake.lengths);
        assertEquals("s0-3", r.question());
    }

    @Test
    void theFinalPauseIsNotLostBehindAnEarlierPausesSlowTranscription() throws Exception {
        java.util.concurrent.CountDownLatch firstStarted = new java.util.concurrent.CountDownLatch(1);
        Stretches slow = new Stretches() {
            @Override
            public dev.benchmate.transcribing.Transcript transcribe(AudioClip clip) {
                firstStarted.countDown();
                try {
                    Thread.sleep(300); // a board's Whisper on the first pause
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.transcribe(clip);
            }
        };
        bench = new TestBench(TestBench.options().transcriber(slow));
        bench.assistant.transcribeAtPauses(true, false);
        AudioClip question = counting(3.8); // 3.5 s of words and the final silence's first 0.3 s
        float[] x = question.samples();
        bench.assistant.heardSoFar(new AudioClip(java.util.Arrays.copyOf(x, 16000), 16000)); // a pause at 1 s
        firstStarted.await();
        bench.assistant.heardSoFar(new AudioClip(java.util.Arrays.copyOf(x, 32000), 16000)); // one at 2 s
        bench.assistant.heardSoFar(question); // the pause that begins the final silence
        assertTrue(TestBench.eventually(() -> slow.lengths.size() == 2), "both transcribed while the silence lasts");
        TurnResult r = TestBench.await(bench.assistant.ask(Question.spoken(new AudioClip(
                java.util.Arrays.copyOf(x, 56000 + 1600), 16000), false, System.nanoTime()), AnswerSink.NONE));
        assertEquals(List.of(16000, 60800), slow.lengths,
                "the first pause, then the newest one (the 2 s pause was replaced), nothing at the end");
        assertEquals("s0-3", r.question(), "the words of the final pause, ready at speech end");
    }

    /** The first 2 s of a question offered at a pause, then the whole question asked. */
    private TurnResult askAfterAPauseAtTwoSeconds(AudioClip whole) {
        bench.assistant.heardSoFar(new AudioClip(java.util.Arrays.copyOf(whole.samples(), 32000), 16000));
        return TestBench.await(bench.assistant.ask(Question.spoken(whole, false, System.nanoTime()),
                AnswerSink.NONE));
    }

    @Test
    void withTranscriptionAtPausesOffTheWholeQuestionIsTranscribed() throws Exception {
        Stretches fake = new Stretches();
        bench = new TestBench(TestBench.options().transcriber(fake));
        TurnResult r = askAfterAPauseAtTwoSeconds(counting(3.5));

        assertEquals(List.of(56000), fake.lengths);
        assertEquals("s0-3", r.question());
    }

    @Test
    void aSpokenQuestionIsTranscribedWhileTheAnswerBeforeItIsStillBeingThought() throws Exception {
        java.util.concurrent.atomic.AtomicInteger heardWhileAnswering = new java.util.concurrent.atomic.AtomicInteger(-1);
        TestBench[] benches = new TestBench[1];
        bench = new TestBench(TestBench.options().transcriber(new dev.benchmate.transcribing.Transcriber() {
            @Override
            public dev.benchmate.transcribing.Transcript transcribe(AudioClip utterance) {
                heardWhileAnswering.set(benches[0].brain.conversation().isAnswering() ? 1 : 0);
                return new TestBench.ScriptedTranscriber("And what is it for?").transcribe(utterance);
            }

            @Override
            public void close() {
            }
        }));
        benches[0] = bench;
        bench.answer("What is on the bench?");
        SimulatedNpu.setDelays(0, 0, 40); // an answer that takes about half a second
        try {
            Turn first = bench.assistant.ask(Question.text(FrontDoor.API, "Tell me about it.",
                    Question.PictureChoice.NONE, false), AnswerSink.NONE);
            assertTrue(TestBench.eventually(() -> bench.brain.conversation().isAnswering()));
            Turn second = bench.assistant.ask(Question.spoken(new AudioClip(new float[16000], 16000), false,
                    System.nanoTime()), AnswerSink.NONE);
            TurnResult before = TestBench.await(first);
            TurnResult after = TestBench.await(second);
            assertEquals(1, heardWhileAnswering.get(),
                    "the question was transcribed while the answer before it was generated");
            assertEquals("And what is it for?", after.question());
            assertTrue(before.answer().startsWith("Simulated answer"), before.answer());
        } finally {
            SimulatedNpu.clearDelays();
        }
    }

    /** Looks every 20 ms, this gap between encodings ahead, 8 levels. */
    static LookingAhead.Settings lookingAhead(Duration gap) {
        return new LookingAhead.Settings(true, Duration.ofMillis(20), gap, 8);
    }

    static int encoderRuns() {
        return SimulatedNpu.rknnProbe().benchmate_sim_rknn_runs();
    }

    /** A bench (split prefill probed) whose still view has been encoded ahead; the encoder's runs after it. */
    private int lookedAheadOnce(Duration gap) throws InterruptedException {
        bench = new TestBench();
        bench.brain.probeSplitPrefill();
        int before = encoderRuns();
        bench.assistant.lookAhead(lookingAhead(gap));
        assertTrue(TestBench.eventually(() -> encoderRuns() == before + 1), "the still view was encoded while idle");
        return before + 1;
    }

    @Test
    void aViewThatHeldStillIsEncodedAheadAndItsQuestionTakesThatEncoding() throws Exception {
        int runs = lookedAheadOnce(Duration.ZERO);
        Thread.sleep(200);
        assertEquals(1, bench.assistant.encodedAhead(), "a view already encoded is not encoded again");
        bench.assistant.speechStarted();
        assertTrue(TestBench.eventually(() -> bench.brain.conversation().kvCacheSize() > 196),
                "the picture is prefilled from the encoding made ahead");
        TurnResult r = bench.answer("What is on the bench?");
        assertTrue(r.pictureAttached());
        assertFalse(r.restarted());
        assertEquals("Simulated answer to turn 1. The picture is green.", r.answer());
        assertEquals(runs, encoderRuns(), "the question's picture is the one encoded ahead");
    }

    @Test
    void aViewThatChangedIsNeverAnsweredFromTheEncodingOfTheOldOne() throws Exception {
        int runs = lookedAheadOnce(Duration.ofHours(1));
        bench.camera.frame = Pictures.solid(640, 480, 220, 20, 20); // a red part put down
        Thread.sleep(1500);
        assertEquals(1, bench.assistant.encodedAhead(), "at most one encoding ahead per gap (an hour here)");
        TurnResult r = bench.answer("What is on the bench?");
        assertEquals("Simulated answer to turn 1. The picture is red.", r.answer(), "the view as it is now");
        assertEquals(runs + 1, encoderRuns());
        assertEquals("Simulated answer to turn 2. The picture is red.", bench.answer("Look again.").answer(),
                "the same view again: the kept encoding");
        assertEquals(runs + 1, encoderRuns(), "nothing new to encode");
    }

    @Test
    void aViewThatChangedBeforeSpeechStartIsEncodedAfreshForItsQuestion() throws Exception {
        int runs = lookedAheadOnce(Duration.ofHours(1));
        bench.camera.frame = Pictures.solid(640, 480, 220, 20, 20);
        bench.assistant.speechStarted(); // the red part is under the camera as the question begins
        TurnResult r = bench.answer("What is on the bench?");
        assertEquals("Simulated answer to turn 1. The picture is red.", r.answer());
        assertEquals(runs + 1, encoderRuns());
    }

    @Test
    void aQuestionThatBeginsWhileItsViewIsBeingEncodedAheadWaitsForThatEncoding() throws Exception {
        SimulatedNpu.setDelays(1500, 0, 0);
        try {
            bench = new TestBench();
            int before = encoderRuns();
            bench.assistant.lookAhead(lookingAhead(Duration.ZERO));
            assertTrue(TestBench.eventually(() -> bench.assistant.encodedAhead() == 1), "an encoding ahead began");
            bench.assistant.speechStarted(); // while it is still under way
            TurnResult r = bench.answer("What is on the bench?");
            assertEquals("Simulated answer to turn 1. The picture is green.", r.answer());
            assertEquals(before + 1, encoderRuns(), "one encoding served both");
        } finally {
            SimulatedNpu.clearDelays();
        }
    }

    @Test
    void withLookingAheadOffNothingIsEncodedUntilAsked() throws Exception {
        bench = new TestBench();
        int before = encoderRuns();
        bench.assistant.lookAhead(new LookingAhead.Settings(false, Duration.ofMillis(20), Duration.ZERO, 8));
        Thread.sleep(300);
        assertEquals(before, encoderRuns());
        assertEquals("Simulated answer to turn 1. The picture is green.", bench.answer("What is it?").answer());
        assertEquals(before + 1, encoderRuns());
    }

    @Test
    void aPictureEncodedButNotNeededIsDropped() {
        bench = new TestBench();
        bench.answer("What is it?");
        bench.assistant.speechStarted(); // the person starts a follow-up: a frame is encoded just in case
        TurnResult r = bench.answer("Why?");
        assertFalse(r.pictureAttached());
        assertEquals(0, r.latency().visionEncodeMs());
    }

    @Test
    void aPictureGivenWithTheQuestionIsTheOneSeen() {
        bench = new TestBench();
        TurnResult r = TestBench.await(bench.assistant.ask(Question.text(FrontDoor.API, "What colour?",
                new Question.PictureChoice.Given(Pictures.solid(100, 80, 20, 20, 220)), false), AnswerSink.NONE));
        assertEquals("Simulated answer to turn 1. The picture is blue.", r.answer());
        assertTrue(r.spokenSentences().isEmpty(), "not spoken when not asked to");
        assertEquals(100, bench.assistant.lastPicture().orElseThrow().width());
    }

    @Test
    void afterTwoIdleMinutesTheNextQuestionStartsANewConversation() throws Exception {
        bench = new TestBench();
        bench.answer("What is it?");
        bench.clock.now = bench.clock.now.plus(Duration.ofMinutes(3));
        TurnResult r = bench.answer("And this?");
        assertEquals("Simulated answer to turn 1. The picture is green.", r.answer());
        assertTrue(r.restarted());
        bench.awaitEvent(e -> e instanceof TurnEvent.ConversationRestarted, Duration.ofSeconds(2));
    }

    @Test
    void aLostCameraIsAnsweredWithoutAPictureAndItsReturnIsUsed() throws Exception {
        bench = new TestBench();
        Picture frame = bench.camera.frame;
        bench.camera.frame = null;
        TurnResult blind = bench.answer("What is this?");
        assertEquals("Simulated answer to turn 1.", blind.answer());
        assertTrue(blind.problems().get(0).contains("camera"), blind.problems().toString());
        bench.awaitEvent(failedIn(Stage.CAMERA), Duration.ofSeconds(2));
        bench.camera.frame = frame;
        assertEquals("Simulated answer to turn 2. The picture is green.", bench.answer("Look now.").answer());
    }

    @Test
    void aPictureTheModelRefusesIsLeftOutAndTheNextTurnRuns(@TempDir Path dir) throws Exception {
        // An encoder whose picture size the language model does not take: the runtime reports an error.
        Path vision = dir.resolve("vision-49.rknn");
        Files.writeString(vision, Files.readString(SimulatedNpu.simulator().visionModel())
                .replace("image_tokens=196", "image_tokens=49"));
        BrainSettings s = SimulatedNpu.brainSettings(64, 2048);
        bench = new TestBench(TestBench.options().brain(BrainLoader.load(new BrainSettings(s.rkllmLibrary(),
                s.rknnLibrary(), vision, 0, s.llm(), s.template(), true, s.names()))));
        TurnResult r = bench.answer("What is this?");
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("error")), "the runtime error is reported: "
                + r.problems());
        assertEquals("Simulated answer to turn 1.", r.answer(), "answered from the words alone");
        assertFalse(r.pictureAttached());
        assertEquals("Simulated answer to turn 2.", bench.answer("Hello?").answer(), "the next turn runs");
    }

    @Test
    void aFullContextIsAnnouncedInSpeech() {
        bench = new TestBench(TestBench.options().context(32, 512));
        TurnResult r = null;
        for (int i = 0; i < 40; i++) {
            r = bench.answer("Tell me more about the part on the left of the board, please.");
            if (r.restarted()) {
                break;
            }
        }
        assertTrue(r.restarted());
        assertEquals("My memory was full: I kept the picture and what we just said.", r.spokenSentences().get(0));
    }

    @Test
    void aQuestionTooLongForTheContextIsRefusedWithAReasonAndNothingIsLost() throws Exception {
        bench = new TestBench(TestBench.options().context(32, 512));
        bench.answer("What is it?");
        TurnFailedException e = assertThrows(TurnFailedException.class,
                () -> bench.answer("Why? ".repeat(400)));
        assertTrue(e.badQuestion());
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
        assertEquals("Simulated answer to turn 2. The picture is green.", bench.answer("And now?").answer(),
                "the conversation is kept");
    }

    @Test
    void anEmptyQuestionIsRefusedAtTheDoor() {
        assertThrows(IllegalArgumentException.class,
                () -> Question.text(FrontDoor.API, "   ", Question.PictureChoice.AUTO, false));
    }
}
