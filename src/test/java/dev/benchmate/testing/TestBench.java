package dev.benchmate.testing;

import dev.benchmate.core.AnswerSink;
import dev.benchmate.core.Assistant;
import dev.benchmate.core.AssistantSettings;
import dev.benchmate.core.Brain;
import dev.benchmate.core.Event;
import dev.benchmate.core.EventHub;
import dev.benchmate.core.FrontDoor;
import dev.benchmate.core.PicturePolicy;
import dev.benchmate.core.Question;
import dev.benchmate.core.Supervisor;
import dev.benchmate.core.Turn;
import dev.benchmate.core.TurnEvent;
import dev.benchmate.core.TurnResult;
import dev.benchmate.listening.Phrases;
import dev.benchmate.looking.Camera;
import dev.benchmate.media.AudioClip;
import dev.benchmate.media.Picture;
import dev.benchmate.speaking.AudioSink;
import dev.benchmate.speaking.SpeechOutput;
import dev.benchmate.speaking.Synthesizer;
import dev.benchmate.speaking.Voices;
import dev.benchmate.transcribing.Transcriber;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * An assistant on the simulated NPU with everything around it a test needs: the event hub with a
 * recording subscriber, the supervisor, a voice, a camera and a clock the test controls.
 */
public final class TestBench implements AutoCloseable {
    public final List<Event> events = new CopyOnWriteArrayList<>();
    public final Brain brain;
    public final EventHub hub;
    public final Supervisor supervisor;
    public final SpeechOutput voice;
    public final Assistant assistant;
    public final FakeCamera camera;
    public final ManualClock clock;
    private final EventHub.Subscription recording;

    /** A camera whose frame the test can take away and give back. */
    public static final class FakeCamera implements Camera {
        public volatile Picture frame;

        public FakeCamera(Picture frame) {
            this.frame = frame;
        }

        @Override
        public Optional<Picture> latestFrame() {
            return Optional.ofNullable(frame);
        }

        @Override
        public String describe() {
            return "fake camera";
        }

        @Override
        public void close() {
        }

    }

    /** A clock the test moves. */
    public static final class ManualClock implements InstantSource {
        public volatile Instant now = Instant.parse("2026-11-25T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A transcriber that answers from a script, where no Whisper model exists here. */
    public record ScriptedTranscriber(String text) implements Transcriber {
        @Override
        public dev.benchmate.transcribing.Transcript transcribe(AudioClip utterance) {
            return new dev.benchmate.transcribing.Transcript(text, false, Duration.ofMillis(5), utterance.seconds());
        }

        @Override
        public void close() {
        }

    }

    /** A speaker that takes audio at once (no pacing) and counts it. */
    public static class SilentSink implements AudioSink {
        public volatile double seconds;
        public final List<Integer> blockSizes = new CopyOnWriteArrayList<>();

        @Override
        public synchronized void write(AudioClip block) {
            seconds += block.seconds();
            blockSizes.add(block.samples().length);
        }

    }

    public static final class Options {
        int maxNewTokens = 64;
        int maxContextLen = 2048;
        Optional<Transcriber> transcriber = Optional.empty();
        Synthesizer synthesizer;
        AudioSink sink = new SilentSink();
        Duration turnLimit = Duration.ofMinutes(5);
        int queueSize = 4;
        Duration maxWait = Duration.ofSeconds(30);
        Brain brain;

        public Options context(int maxNewTokens, int maxContextLen) {
            this.maxNewTokens = maxNewTokens;
            this.maxContextLen = maxContextLen;
            return this;
        }

        public Options transcriber(Transcriber t) {
            this.transcriber = Optional.of(t);
            return this;
        }

        public Options synthesizer(Synthesizer s) {
            this.synthesizer = s;
            return this;
        }

        public Options sink(AudioSink s) {
            this.sink = s;
            return this;
        }

        public Options turnLimit(Duration d) {
            this.turnLimit = d;
            return this;
        }

        public Options queue(int size, Duration maxWait) {
            this.queueSize = size;
            this.maxWait = maxWait;
            return this;
        }

        /** A brain the test made (an encoder that fails, another model). */
        public Options brain(Brain b) {
            this.brain = b;
            return this;
        }
    }

    public static Options options() {
        return new Options();
    }

    public TestBench(Options o) {
        brain = o.brain != null ? o.brain : SimulatedNpu.brain(o.maxNewTokens, o.maxContextLen);
        hub = new EventHub();
        recording = hub.subscribe("test", 100_000, events::add);
        supervisor = new Supervisor(hub, InstantSource.system());
        voice = new SpeechOutput(o.synthesizer != null ? o.synthesizer
                : new Voices(Voice.mary(), Optional.empty(), Optional.empty()), o.sink);
        camera = new FakeCamera(Pictures.solid(640, 480, 30, 180, 30));
        clock = new ManualClock();
        Phrases phrases = Phrases.english("hey bench mate");
        assistant = new Assistant(brain, camera, o.transcriber, voice, hub, supervisor,
                new AssistantSettings(Duration.ofMinutes(2), new PicturePolicy(), o.queueSize, o.maxWait, o.turnLimit,
                        phrases::withoutWakePhrase), clock);
    }

    public TestBench() {
        this(options());
    }

    /** A typed question, spoken, with the camera as the policy decides; waits for the whole turn. */
    public TurnResult answer(String question) {
        return await(assistant.ask(Question.text(FrontDoor.COMMAND, question, Question.PictureChoice.AUTO, true),
                AnswerSink.NONE));
    }

    public static TurnResult await(Turn turn) {
        return turn.await(Duration.ofSeconds(60));
    }

    /** Polls until the condition holds, at most five seconds. */
    public static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        return condition.getAsBoolean();
    }

    /** Waits until an event matching the test has been delivered; returns it. */
    public Event awaitEvent(Predicate<TurnEvent> test, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (Event e : events) {
                if (test.test(e.what())) {
                    return e;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no such event within " + timeout + "; events: " + whats());
    }

    /** Waits until an event of that turn matching the test has been delivered; returns it. */
    public Event awaitEvent(long turn, Predicate<TurnEvent> test, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (Event e : events) {
                if (e.turn() == turn && test.test(e.what())) {
                    return e;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no such event of turn " + turn + " within " + timeout + "; events: " + events);
    }

    public List<TurnEvent> whats() {
        return events.stream().map(Event::what).toList();
    }

    public boolean saw(Predicate<TurnEvent> test) {
        return events.stream().map(Event::what).anyMatch(test);
    }

    /** Events are delivered on the subscriber's thread: waits until those published so far have arrived. */
    public void settle() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (recording.queued() > 0 && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        Thread.sleep(20);
    }

    public static Predicate<TurnEvent> failedIn(dev.benchmate.core.Stage stage) {
        return e -> e instanceof TurnEvent.Failed f && f.stage() == stage;
    }

    @Override
    public void close() {
        assistant.close();
        supervisor.close();
        voice.close();
        hub.close();
        brain.close();
    }
}
