package dev.benchmate.speaking;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.AudioClip;
import dev.benchmate.testing.Voice;
import org.junit.jupiter.api.Test;

/** MaryTTS resolved from Central without the jars it names but Central lacks: synthesis still works. */
class MaryTtsSynthesizerTest {
    @Test
    void speechIsSpeechLike() {
        AudioClip shortOne = Voice.mary().synthesize("Hello from the workshop.");
        AudioClip longOne = Voice.mary().synthesize(
                "The resistor on the left has brown, black and red bands, so it is one kilo-ohm.");
        assertTrue(shortOne.seconds() > 1.0 && shortOne.seconds() < 3.0, "about two seconds: " + shortOne.seconds());
        assertTrue(longOne.seconds() > 2 * shortOne.seconds(), "duration grows with the text");
        float peak = 0;
        int clipped = 0;
        for (float v : longOne.samples()) {
            peak = Math.max(peak, Math.abs(v));
            clipped += Math.abs(v) > 0.999f ? 1 : 0;
        }
        assertTrue(peak > 0.05, "audible");
        assertTrue(clipped < longOne.samples().length / 1000, "no clipping: " + clipped + " samples at full scale");
        assertTrue(speechBandShare(longOne) > 0.6, "energy in the speech band");
    }

    @Test
    void theSpeakingRateIsASetting() {
        String text = "The capacitor next to it is rated for sixteen volts.";
        double normal = Voice.mary().synthesize(text).seconds();
        double faster = new MaryTtsSynthesizer("cmu-slt-hsmm", 1.5).synthesize(text).seconds();
        assertTrue(faster < normal * 0.85, "rate 1.5: " + faster + " s against " + normal + " s");
    }

    @Test
    void anUnknownVoiceIsNamed() {
        SynthesisException e = assertThrows(SynthesisException.class, () -> new MaryTtsSynthesizer("no-such-voice"));
        assertTrue(e.getMessage().contains("no-such-voice") && e.getMessage().contains("cmu-slt-hsmm"),
                e.getMessage());
    }

    /** Share of the energy between 200 Hz and 4 kHz, from a plain DFT over 32 ms frames. */
    static double speechBandShare(AudioClip clip) {
        int n = (int) (clip.sampleRate() * 0.032);
        double band = 0;
        double total = 1e-12;
        float[] s = clip.samples();
        for (int start = 0; start + n <= s.length; start += n * 4) {
            for (int k = 1; k < n / 2; k++) {
                double re = 0;
                double im = 0;
                for (int i = 0; i < n; i++) {
                    double a = 2 * Math.PI * k * i / n;
                    re += s[start + i] * Math.cos(a);
                    im -= s[start + i] * Math.sin(a);
                }
                double p = re * re + im * im;
                double hz = k * (double) clip.sampleRate() / n;
                total += p;
                if (hz >= 200 && hz <= 4000) {
                    band += p;
                }
            }
        }
        return band / total;
    }
}
