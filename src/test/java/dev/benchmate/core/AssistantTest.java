package dev.benchmate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.AudioClip;
import dev.benchmate.listening.ClipInput;
import dev.benchmate.listening.Command;
import dev.benchmate.media.SpeechRateConversion;
import dev.benchmate.listening.TarsosSpeechDetector;
import dev.benchmate.listening.Utterance;
import dev.benchmate.listening.UtteranceRecorder;
import dev.benchmate.looking.Camera;
import dev.benchmate.media.Picture;
import dev.benchmate.app.BrainLoader;
import dev.benchmate.app.BrainSettings;
import dev.benchmate.speaking.SpeechOutput;
import dev.benchmate.testing.Pictures;
import dev.benchmate.testing.SimulatedNpu;
import dev.benchmate.testing.Voice;
import dev.benchmate.transcribing.Transcriber;
import dev.benchmate.transcribing.Transcript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The turn through the real components: speech detection, a camera, the simulated NPU, MaryTTS. */
class AssistantTest {
    final List<TurnEvent> events = new CopyOnWriteArrayList<>();
    final SilentSink sink = new SilentSink();
    Brain brain;
    Assistant assistant;
    FakeCamera camera = new FakeCamera(Pictures.solid(640, 480, 30, 180, 30));
    ManualClock clock = new ManualClock();

    /** A camera whose frame the test can take away and give back. */
    static final class FakeCamera implements Camera {
        volatile Picture frame;

        FakeCamera(Picture frame) {
            this.frame = frame;
        }

        @Override
        public Optional<Picture> latestFrame() {
            return Optional.ofNullable(frame);
        }

        @Override
        public String describe() {
            return "fake";
        }

        @Override
        public void close() {
        }
    }

    static final class ManualClock implements InstantSource {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A transcriber that answers from a script, where no Whisper model exists here. */
    record ScriptedTranscriber(String text) implements Transcriber {
        @Override
        public Transcript transcribe(AudioClip utterance) {
            return new Transcript(text, false, Duration.ofMillis(5), utterance.seconds());
        }

        @Override
        public void close() {
        }
    }

    /** A speaker that takes audio at once (no pacing) and counts it. */
    static final class SilentSink implements dev.benchmate.speaking.AudioSink {
        volatile double seconds;
        final List<Integer> blockSizes = new CopyOnWriteArrayList<>();

        @Override
        public synchronized void write(AudioClip block) {
            seconds += block.seconds();
            blockSizes.add(block.samples().length);
        }

        @Override
        public void stopNow() {
        }

        @Override
        public void drain() {
        }

        @Override
        public void close() {
        }
    }

    void start(BrainSettings settings, Optional<Transcriber> transcriber) {
        brain = BrainLoader.load(settings);
        assistant = new Assistant(brain, camera, transcriber, new SpeechOutput(Voice.mary(), Optional.empty(), sink),
                new PicturePolicy(), Duration.ofMinutes(2), clock, events::add);
    }

    @AfterEach
    void close() {
        if (assistant != null) {
            assistant.close();
        }
        if (brain != null) {
            brain.close();
        }
    }

    @Test
    void aSpokenQuestionIsHeardSeenAnsweredAndSpoken() {
        start(SimulatedNpu.brainSettings(64, 2048), Optional.of(new ScriptedTranscriber("What colour is this?")));
        AudioClip question = SpeechRateConversion.toSpeechRate(Voice.mary().synthesize("What colour is this?"));
        float[] withSilence = new float[question.samples().length + 32000];
        System.arraycopy(question.samples(), 0, withSilence, 8000, question.samples().length);
        UtteranceRecorder recorder = new UtteranceRecorder(new TarsosSpeechDetector(), 300);
        recorder.onSpeechStart(assistant::speechStarted);
        ClipInput input = new ClipInput(new AudioClip(withSilence, 16000), "question");
        List<Utterance> heard = new ArrayList<>();
        for (float[] b = input.read(); b != null; b = input.read()) {
            heard.addAll(recorder.accept(b));
        }
        heard.addAll(recorder.finish());
        assertEquals(1, heard.size(), "one utterance");

        Assistant.TurnResult r = assistant.answerSpoken(heard.get(0), System.nanoTime()).orElseThrow();
        assertEquals("Simulated answer to turn 1. The picture is green.", r.answer());
        assertTrue(r.pictureAttached());
        assertTrue(r.latency().visionEncodeMs() > 0, "the frame taken at speech start was encoded");
        assertTrue(r.latency().firstAudioMs() > 0 && sink.seconds > 2, "the answer was spoken");
        assertEquals(List.of("Simulated answer to turn 1.", "The picture is green."),
                r.spoken().orElseThrow().spokenSentences());
        assertTrue(events.stream().anyMatch(e -> e instanceof TurnEvent.Transcribed t
                && t.text().equals("What colour is this?")));
        assertTrue(events.contains(new TurnEvent.StateChanged(TurnState.THINKING)));
        assertTrue(events.contains(new TurnEvent.StateChanged(TurnState.FOLLOW_UP)));
        assertEquals(1, assistant.recentLatencies().size());
    }

    @Test
    void theThinkingEarconPlaysBeforeTheAnswer() {
        start(SimulatedNpu.brainSettings(64, 2048), Optional.empty());
        assistant.answerText("What is it?");
        assertEquals(dev.benchmate.speaking.Earcons.of(dev.benchmate.speaking.Earcons.Kind.THINKING).samples().length,
                sink.blockSizes.get(0));
    }

    @Test
    void followUpsReuseThePictureUnlessAskedToLook() {
        start(SimulatedNpu.brainSettings(64, 2048), Optional.empty());
        assertTrue(assistant.answerText("What is on the bench?").pictureAttached(), "first question");
        Assistant.TurnResult followUp = assistant.answerText("And what is it used for?");
        assertFalse(followUp.pictureAttached(), "a follow-up uses the picture in the KV cache");
        assertEquals("Simulated answer to turn 2. The picture is green.", followUp.answer());
        camera.frame = Pictures.solid(640, 480, 220, 20, 20);
        Assistant.TurnResult look = assistant.answerText("Now look at this one.");
        assertTrue(look.pictureAttached());
        assertEquals("Simulated answer to turn 3. The picture is red.", look.answer());
        camera.frame = Pictures.solid(640, 480, 20, 20, 220);
        assistant.command(Command.LOOK);
        assertTrue(assistant.answerText("And now?").pictureAttached(), "the look command attaches the next one");
    }

    @Test
    void aPictureEncodedButNotNeededIsDropped() {
        start(SimulatedNpu.brainSettings(64, 2048), Optional.empty());
        assistant.answerText("What is it?");
        assistant.speechStarted(); // the person starts a follow-up: a frame is encoded just in case
        Assistant.TurnResult r = assistant.answerText("Why?");
        assertFalse(r.pictureAttached());
        assertEquals(0, r.latency().visionEncodeMs());
    }

    @Test
    void afterTwoIdleMinutesTheNextQuestionStartsANewConversation() {
        start(SimulatedNpu.brainSettings(64, 2048), Optional.empty());
        assistant.answerText("What is it?");
        clock.now = clock.now.plus(Duration.ofMinutes(3));
        Assistant.TurnResult r = assistant.answerText("And this?");
        assertEquals("Simulated answer to turn 1. The picture is green.", r.answer());
        assertTrue(events.stream().anyMatch(e -> e instanceof TurnEvent.ConversationRestarted));
    }

    @Test
    void aLostCameraIsAnsweredWithoutAPictureAndItsReturnIsUsed() {
        start(SimulatedNpu.brainSettings(64, 2048), Optional.empty());
        Picture frame = camera.frame;
        camera.frame = null;
        Assistant.TurnResult blind = assistant.answerText("What is this?");
        assertEquals("Simulated answer to turn 1.", blind.answer());
        assertTrue(events.stream().anyMatch(e -> e instanceof TurnEvent.Failed f && f.message().contains("camera")));
        camera.frame = frame;
        assertEquals("Simulated answer to turn 2. The picture is green.", assistant.answerText("Look now.").answer());
    }

    @Test
    void aTurnThatFailsInTheMiddleLeavesTheAssistantReady(@TempDir Path dir) throws IOException {
        // An encoder whose picture size the language model does not take: the runtime reports an error.
        Path vision = dir.resolve("vision-49.rknn");
        Files.writeString(vision, Files.readString(SimulatedNpu.simulator().visionModel())
                .replace("image_tokens=196", "image_tokens=49"));
        BrainSettings s = SimulatedNpu.brainSettings(64, 2048);
        start(new BrainSettings(s.rkllmLibrary(), s.rknnLibrary(), vision, 0, s.llm(), s.template(), true),
                Optional.empty());
        Assistant.TurnResult r = assistant.answerText("What is this?");
        assertTrue(events.stream().anyMatch(e -> e instanceof TurnEvent.Failed f && f.message().contains("error")),
                "the runtime error is reported: " + events);
        assertEquals("Simulated answer to turn 1.", r.answer(), "answered from the words alone");
        assertFalse(r.pictureAttached());
        assertEquals("Simulated answer to turn 2.", assistant.answerText("Hello?").answer(), "the next turn runs");
    }

    @Test
    void aFullContextIsAnnouncedInSpeech() {
        start(SimulatedNpu.brainSettings(32, 512), Optional.empty());
        Assistant.TurnResult r = null;
        for (int i = 0; i < 40; i++) {
            r = assistant.answerText("Tell me more about the part on the left of the board, please.");
            if (r.restarted()) {
                break;
            }
        }
        assertTrue(r.restarted());
        assertEquals("Starting a new conversation.", r.spoken().orElseThrow().spokenSentences().get(0));
    }
}
