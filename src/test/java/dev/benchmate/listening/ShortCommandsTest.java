package dev.benchmate.listening;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.benchmate.listening.SpokenCommands.Bed;
import dev.benchmate.listening.SpokenCommands.Scene;
import dev.benchmate.media.AudioClip;
import dev.benchmate.media.SpeechRateConversion;
import dev.benchmate.media.WavFiles;
import dev.benchmate.speaking.MaryTtsSynthesizer;
import dev.benchmate.testing.SimulatedNpu;
import dev.benchmate.testing.Voice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One- and two-word commands (0.3–1.5 s: "stop", "look", "start over", ...) each start exactly one
 * utterance, beginning and ending around the word, in near-silence and in mild workshop noise
 * (20 dB under the speech). "Stop" is what a person says when Benchmate talks too long, so it must
 * never go unheard, and a two-word command must not become two utterances.
 */
class ShortCommandsTest {
    static final Bed[] BEDS = {
        Bed.QUIET,
        new Bed(WorkshopNoise.Kind.PINK, 20),
        new Bed(WorkshopNoise.Kind.WHITE, 20),
        new Bed(WorkshopNoise.Kind.HUM_50, 20),
        new Bed(WorkshopNoise.Kind.DRILL, 20),
        new Bed(WorkshopNoise.Kind.HAMMER, 20)};
    /** The detected start may be this much before the word (it cannot know), or after it (pre-roll covers it). */
    static final double EARLY = 0.2;
    static final double LATE_START = 0.45;
    /** The end may differ from the word's last audible 10 ms (a faint release, a breath) by this much. */
    static final double END_TOLERANCE = 0.5;

    @Test
    void espeakNgCommandsStartOneUtteranceEach() {
        assumeTrue(SpokenCommands.espeakInstalled(), "skipped: espeak-ng is not installed (apt-get install espeak-ng)");
        Map<String, AudioClip> clips = new LinkedHashMap<>();
        for (String voice : new String[] {"en", "en-us", "en-gb-x-rp"}) {
            for (int speed : new int[] {140, 175, 200}) {
                for (String command : SpokenCommands.COMMANDS) {
                    clips.put("espeak-ng " + voice + " " + speed + " wpm \"" + command + "\"",
                            SpokenCommands.espeak(command, voice, speed));
                }
            }
        }
        assertOneUtteranceEach(clips);
    }

    @Test
    void maryTtsCommandsStartOneUtteranceEach() {
        Map<String, AudioClip> clips = new LinkedHashMap<>();
        for (String command : SpokenCommands.COMMANDS) {
            clips.put("MaryTTS \"" + command + "\"", SpeechRateConversion.toSpeechRate(Voice.mary().synthesize(command)));
        }
        for (double rate : new double[] {0.8, 1.3}) {
            MaryTtsSynthesizer mary = new MaryTtsSynthesizer("cmu-slt-hsmm", rate);
            for (String command : SpokenCommands.COMMANDS) {
                clips.put("MaryTTS rate " + rate + " \"" + command + "\"",
                        SpeechRateConversion.toSpeechRate(mary.synthesize(command)));
            }
        }
        assertOneUtteranceEach(clips);
    }

    /**
     * Real speech: word and two-word stretches cut out of jfk.wav (its own background comes with
     * them). The words are read off its loudness, so the labels are approximate.
     */
    @Test
    void wordsCutFromARecordingStartOneUtteranceEach() {
        AudioClip jfk = WavFiles.read(SimulatedNpu.sharedData("jfk.wav"));
        Map<String, AudioClip> clips = new LinkedHashMap<>();
        clips.put("jfk.wav 0.26-0.64 \"and so\"", SpokenCommands.cut(jfk, 0.26, 0.64));
        clips.put("jfk.wav 0.64-1.26 \"my fellow\"", SpokenCommands.cut(jfk, 0.64, 1.26));
        clips.put("jfk.wav 1.28-2.12 \"Americans\"", SpokenCommands.cut(jfk, 1.28, 2.12));
        clips.put("jfk.wav 3.22-3.72 \"ask\"", SpokenCommands.cut(jfk, 3.22, 3.72));
        clips.put("jfk.wav 3.94-4.40 \"not\"", SpokenCommands.cut(jfk, 3.94, 4.40));
        clips.put("jfk.wav 3.22-4.40 \"ask ... not\"", SpokenCommands.cut(jfk, 3.22, 4.40));
        clips.put("jfk.wav 8.14-8.58 \"ask\"", SpokenCommands.cut(jfk, 8.14, 8.58));
        clips.put("jfk.wav 9.70-10.30 \"country\"", SpokenCommands.cut(jfk, 9.70, 10.30));
        assertOneUtteranceEach(clips);
    }

    /** Every clip in every bed: one utterance, around the word. All failures are listed at once. */
    static void assertOneUtteranceEach(Map<String, AudioClip> clips) {
        List<String> failures = new ArrayList<>();
        double worstLateStart = Double.NEGATIVE_INFINITY;
        double worstEnd = 0;
        for (var clip : clips.entrySet()) {
            double seconds = clip.getValue().seconds();
            assertTrue(seconds < 2.0, clip.getKey() + " is a short command (" + seconds + " s)");
            for (Bed bed : BEDS) {
                Scene scene = SpokenCommands.scene(clip.getKey(), clip.getValue(), bed);
                List<Utterances.Span> spans = Utterances.detect(new TarsosSpeechDetector(), scene.clip());
                String what = String.format("%s in %s (word %.2f-%.2f s): %s", scene.name(), bed, scene.wordStart(),
                        scene.wordEnd(), spans);
                if (spans.size() != 1) {
                    failures.add(spans.isEmpty() ? "no utterance: " + what : spans.size() + " utterances: " + what);
                    continue;
                }
                Utterances.Span u = spans.get(0);
                worstLateStart = Math.max(worstLateStart, u.start() - scene.wordStart());
                worstEnd = Math.max(worstEnd, Math.abs(u.end() - scene.wordEnd()));
                if (u.start() < scene.wordStart() - EARLY || u.start() > scene.wordStart() + LATE_START
                        || Math.abs(u.end() - scene.wordEnd()) > END_TOLERANCE) {
                    failures.add("not around the word: " + what);
                }
            }
        }
        System.out.printf("%d clips x %d beds: %d failures; latest start %.2f s after the word, end off by up to %.2f s%n",
                clips.size(), BEDS.length, failures.size(), worstLateStart, worstEnd);
        assertTrue(failures.isEmpty(), failures.size() + " of " + clips.size() * BEDS.length + " scenes:\n"
                + String.join("\n", failures));
    }
}
