package dev.benchmate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.benchmate.core.Event;
import dev.benchmate.core.TurnEvent;
import dev.benchmate.core.VoiceLoop;
import dev.benchmate.looking.ImageFileCamera;
import dev.benchmate.media.AudioClip;
import dev.benchmate.speaking.SpokenAnswer;
import dev.benchmate.testing.Pictures;
import dev.benchmate.testing.Room;
import dev.benchmate.testing.Voice;
import dev.benchmate.transcribing.Transcriber;
import dev.benchmate.transcribing.Transcript;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's own wiring of echo cancellation, as the service builds it from its configuration
 * (the sim profile, always listening, barge-in on speech): its speaker and its microphone in one
 * SIMULATED room, in real time. Benchmate's voice comes back into its microphone, and the chain the
 * service put together (the tapped speaker as the reference, the timeline of played audio, the
 * canceller, the gate, the detector, the loop) must not take that voice for a person. Needs
 * libspeexdsp (Debian's libspeexdsp1).
 *
 * <p>Then a person speaks over the next answer, 6 dB under the voice, 3 s in: the answer stops
 * where they began, and what they said is heard as the next question.
 */
class EchoInTheServiceTest {
    static final String LONG = "The chip on the left is an LM317 adjustable voltage regulator. "
            + "Its middle pin is the output, and the tab is connected to it as well. "
            + "Set the voltage with two resistors from output to adjust and from adjust to ground.";

    /** What the person says is always this question (the transcriber is scripted; the audio is real). */
    static final class SaysTheQuestion implements Transcriber {
        final List<Double> heardSeconds = new CopyOnWriteArrayList<>();

        @Override
        public Transcript transcribe(AudioClip clip) {
            heardSeconds.add(clip.seconds());
            return new Transcript("What colour is this?", false, Duration.ZERO, clip.seconds());
        }

        @Override
        public void close() {
        }
    }

    private static BenchmateConfig config(Path state) throws Exception {
        SmallRyeConfig c = new SmallRyeConfigBuilder()
                .withMapping(BenchmateConfig.class)
                .withValidateUnknown(false) // the file's Quarkus keys are the framework's
                .withConverter(Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withConverter(io.quarkus.runtime.configuration.MemorySize.class, 200,
                        new io.quarkus.runtime.configuration.MemorySizeConverter())
                .withProfile("sim")
                .withSources(new PropertiesConfigSource(EchoInTheServiceTest.class.getResource("/application.properties"), 100))
                .withSources(new PropertiesConfigSource(Map.of(
                        "benchmate.state-dir", state.toString(),
                        "benchmate.listening.mode", "always-listening",
                        "benchmate.listening.barge-in", "speech",
                        "benchmate.vision.encode-ahead", "false"), "this test", 400))
                .build();
        return c.getConfigMapping(BenchmateConfig.class);
    }

    @Test
    void theServiceDoesNotTakeItsOwnVoiceForAPerson(@TempDir Path dir) throws Exception {
        Room room = new Room(40, 0.3); // with its reflections, the voice at the microphone peaks at about half of full scale
        SaysTheQuestion transcriber = new SaysTheQuestion();
        BrainHolder holder = new BrainHolder();
        holder.config = config(dir);
        List<Event> events = new CopyOnWriteArrayList<>();
        try (Benchmate b = Benchmate.wire(config(dir), holder).who("the echo test").simulated(true)
                .camera(new ImageFileCamera(Pictures.png(dir.resolve("green.png"), 0, 200, 0)))
                .sink(room.speaker(), "a SIMULATED room's speaker (test instrument)")
                .microphone(room::microphone)
                .transcriber(transcriber, "scripted (test instrument)").log(false).build()) {
            b.hub().subscribe("test", 4096, events::add);
            VoiceLoop loop = b.startVoiceLoop().orElseThrow();
            assumeTrue(b.readiness().features().stream().anyMatch(f -> f.name().equals("echo cancellation") && f.on()),
                    "skipped: echo cancellation is off here: " + b.readiness());
            assertTrue(b.readiness().features().stream().anyMatch(f -> f.name().equals("barge-in on speech") && f.on()),
                    b.readiness().toString());

            Thread.sleep(1000); // the service listens long before it first speaks
            // Its own voice alone, for a whole long answer: nothing is heard.
            SpokenAnswer alone = b.voice().say(LONG);
            assertTrue(alone.awaitDone(Duration.ofSeconds(60)), "the answer was spoken");
            Thread.sleep(1500);
            System.out.println("the speaker ran dry " + room.ranDry() + " times within speech (its writer fell behind)");
            assertFalse(alone.stopped(), "its own voice stopped its answer: " + whats(events));
            assertTrue(transcriber.heardSeconds.isEmpty(), "its own voice was heard as a question: "
                    + transcriber.heardSeconds + " " + whats(events));

            // A person over the next answer, 6 dB under the voice, 3 s in: the answer stops where
            // they began (not at a burst of residual before), and what they said is the next question.
            AudioClip question = Voice.spokenTrimmed("What colour is this?");
            room.personSays(question, 3.0, 0.2);
            SpokenAnswer over = b.voice().say(LONG);
            assertTrue(over.awaitDone(Duration.ofSeconds(60)), "the answer ended");
            long stoppedAt = System.nanoTime();
            double personAt = (room.personStartsNanos() - room.speakerBeganNanos()) / 1e9;
            double stoppedAfter = (stoppedAt - room.speakerBeganNanos()) / 1e9;
            System.out.printf("the person over a second answer: stopped=%s after %.2f s of the answer (person at %.2f s); ran dry %d%n",
                    over.stopped(), stoppedAfter, personAt, room.ranDry());
            assertTrue(over.stopped(), "the person did not stop the answer: " + whats(events));
            assertTrue(stoppedAfter > personAt && stoppedAfter < personAt + 0.6,
                    "stopped " + stoppedAfter + " s into the answer, the person began at " + personAt + " s: " + whats(events));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (transcriber.heardSeconds.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(events.stream().anyMatch(e -> e.what() instanceof TurnEvent.BargedIn), "no barge-in event: " + whats(events));
            assertEquals(1, transcriber.heardSeconds.size(), "what the person said was heard once: " + whats(events));
            double heard = transcriber.heardSeconds.get(0);
            System.out.printf("heard %.2f s for a question of %.2f s%n", heard, question.seconds());
            assertTrue(heard >= question.seconds() && heard < question.seconds() + 1.5,
                    "heard " + heard + " s for a question of " + question.seconds() + " s (with pre-roll and the end's silence)");
            loop.close();
        } finally {
            holder.release();
        }
    }

    private static List<String> whats(List<Event> events) {
        List<String> w = new ArrayList<>();
        for (Event e : events) {
            if (!(e.what() instanceof TurnEvent.Token)) {
                w.add(e.what().toString());
            }
        }
        return w;
    }
}
