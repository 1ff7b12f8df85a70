package dev.benchmate.speaking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.benchmate.media.AudioClip;
import dev.benchmate.testing.Voice;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Chinese replies through espeak-ng (installed by .ci/run; skipped, saying why, where it is absent). */
class EspeakSynthesizerTest {
    static EspeakSynthesizer espeak() {
        Optional<EspeakSynthesizer> e = EspeakSynthesizer.find("cmn");
        assumeTrue(e.isPresent(), "skipped: espeak-ng is not installed (apt-get install espeak-ng)");
        return e.get();
    }

    @Test
    void mandarinIsSpoken() {
        AudioClip c = espeak().synthesize("这个电阻是红色的。");
        assertTrue(c.seconds() > 0.8 && c.seconds() < 6, c.seconds() + " s");
    }

    @Test
    void aMixedAnswerSpeaksEachSentenceWithItsVoice() throws Exception {
        RecordingSink sink = new RecordingSink();
        try (SpeechOutput voice = new SpeechOutput(new Voices(Voice.mary(), Optional.of(espeak()), Optional.empty()), sink)) {
            SpokenAnswer a = voice.say("The resistor is red. 电阻是红色的。");
            assertTrue(a.awaitDone(Duration.ofSeconds(30)));
            assertEquals(List.of("The resistor is red.", "电阻是红色的。"), a.spokenSentences());
            assertTrue(sink.secondsPlayed() > 1.5);
        }
    }
}
