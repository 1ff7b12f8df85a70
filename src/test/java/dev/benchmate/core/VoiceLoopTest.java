package dev.benchmate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.AudioClip;
import dev.benchmate.listening.ClipInput;
import dev.benchmate.listening.HandsFreeGate;
import dev.benchmate.listening.HandsFreeMode;
import dev.benchmate.listening.PhraseSpotter;
import dev.benchmate.listening.Phrases;
import dev.benchmate.media.SpeechRateConversion;
import dev.benchmate.listening.TarsosSpeechDetector;
import dev.benchmate.listening.UtteranceRecorder;
import dev.benchmate.speaking.SpeechOutput;
import dev.benchmate.testing.Pictures;
import dev.benchmate.testing.SimulatedNpu;
import dev.benchmate.testing.Voice;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hands-free loop over a recording: two utterances, only the one with the wake phrase is answered. */
class VoiceLoopTest {
    /** A spotter that hears the wake phrase in the second utterance only. */
    static final class ScriptedSpotter implements PhraseSpotter {
        int calls;

        @Override
        public synchronized String spot(AudioClip utterance) {
            return ++calls == 2 ? "hey bench mate [unk] [unk]" : "[unk] [unk]";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void onlyTheQuestionAfterTheWakePhraseIsAnswered() throws Exception {
        AudioClip a = SpeechRateConversion.toSpeechRate(Voice.mary().synthesize("Pass me the pliers, please."));
        AudioClip b = SpeechRateConversion.toSpeechRate(Voice.mary().synthesize("Hey bench mate, what colour is this?"));
        float[] audio = new float[a.samples().length + b.samples().length + 16000 * 4];
        System.arraycopy(a.samples(), 0, audio, 8000, a.samples().length);
        System.arraycopy(b.samples(), 0, audio, 8000 + a.samples().length + 24000, b.samples().length);

        List<TurnEvent> events = new CopyOnWriteArrayList<>();
        AssistantTest.SilentSink sink = new AssistantTest.SilentSink();
        try (Brain brain = SimulatedNpu.brain(64, 2048);
             SpeechOutput voice = new SpeechOutput(Voice.mary(), Optional.empty(), sink);
             Assistant assistant = new Assistant(brain, new AssistantTest.FakeCamera(Pictures.solid(64, 64, 30, 30, 220)),
                     Optional.of(new AssistantTest.ScriptedTranscriber("What colour is this?")), voice,
                     new PicturePolicy(), Duration.ofMinutes(2), InstantSource.system(), events::add);
             VoiceLoop loop = new VoiceLoop(new ClipInput(new AudioClip(audio, 16000), "recording"),
                     new UtteranceRecorder(new TarsosSpeechDetector(), 300), Optional.of(new ScriptedSpotter()),
                     new HandsFreeGate(HandsFreeMode.WAKE_PHRASE, Phrases.english("hey bench mate"),
                             Duration.ofSeconds(8), InstantSource.system()), assistant, voice, events::add)) {
            loop.start();
            loop.awaitEnd(60, TimeUnit.SECONDS);
        }
        List<String> answers = events.stream().filter(e -> e instanceof TurnEvent.Answered)
                .map(e -> ((TurnEvent.Answered) e).answer()).toList();
        assertEquals(List.of("Simulated answer to turn 1. The picture is blue."), answers);
        assertTrue(sink.seconds > 1, "the answer was spoken");
    }
}
