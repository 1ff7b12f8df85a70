package dev.benchmate.listening;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.AudioClip;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bells, beepers and alarms, phone rings, clicks and typing, machines: none starts an utterance,
 * whether it breaks a near-silence or sounds over a steady background noise, quiet or loud.
 */
class EverydaySoundsTest {
    static final double[] LEVELS = {0.01, 0.05, 0.2};

    @Test
    void everydaySoundsStartNoUtterance() {
        List<String> triggered = new ArrayList<>();
        int scenes = 0;
        for (EverydaySounds.Kind kind : EverydaySounds.Kind.values()) {
            for (double level : LEVELS) {
                for (boolean overNoise : new boolean[] {false, true}) {
                    // Two seconds of background first, so the floor is settled and the sound arrives abruptly.
                    float[] scene = overNoise
                            ? WorkshopNoise.make(WorkshopNoise.Kind.PINK, 12, level / 10, 2)
                            : WorkshopNoise.make(WorkshopNoise.Kind.WHITE, 12, 0.0005, 1);
                    float[] sound = EverydaySounds.make(kind, 10, level, 7);
                    int offset = 2 * AudioClip.SPEECH_RATE;
                    for (int i = 0; i < sound.length; i++) {
                        scene[offset + i] += sound[i];
                    }
                    var spans = Utterances.detect(new TarsosSpeechDetector(), new AudioClip(scene, AudioClip.SPEECH_RATE));
                    scenes++;
                    if (!spans.isEmpty()) {
                        triggered.add(kind + " at RMS " + level + (overNoise ? " over pink noise" : " after quiet")
                                + ": " + spans);
                    }
                }
            }
        }
        System.out.printf("%d scenes of everyday sounds, %d started an utterance%n", scenes, triggered.size());
        assertTrue(triggered.isEmpty(), "sounds started utterances:\n" + String.join("\n", triggered));
    }
}
