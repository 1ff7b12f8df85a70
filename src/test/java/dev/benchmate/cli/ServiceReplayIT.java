package dev.benchmate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.SpeechRateConversion;
import dev.benchmate.media.WavFiles;
import dev.benchmate.testing.Pictures;
import dev.benchmate.testing.Voice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's voice loop end to end on a machine without audio devices: a recorded session
 * replayed as the microphone, the simulated recognizer reading its script, the answers written to
 * a WAV file in real time, a failure in the middle and the recovery after it.
 */
class ServiceReplayIT {
    /** Builds a session: silence, then each sentence followed by room for the answer; writes S.wav and S.txt. */
    static Path session(Path dir, String name, double answerRoomSeconds, String... sentences) throws Exception {
        List<float[]> parts = new ArrayList<>();
        StringBuilder script = new StringBuilder("# what is said in " + name + ".wav: START END WORDS\n");
        double at = 1.0;
        parts.add(new float[16000]);
        for (String s : sentences) {
            AudioClip c = SpeechRateConversion.toSpeechRate(Voice.mary().synthesize(s));
            parts.add(c.samples());
            script.append(String.format(Locale.ROOT, "%.2f %.2f %s%n", at, at + c.seconds(), s));
            at += c.seconds() + answerRoomSeconds;
            parts.add(new float[(int) (16000 * answerRoomSeconds)]);
        }
        float[] all = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int i = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, i, p.length);
            i += p.length;
        }
        Path wav = dir.resolve(name + ".wav");
        WavFiles.write(new AudioClip(all, 16000), wav);
        Files.writeString(dir.resolve(name + ".txt"), script);
        return wav;
    }

    @Test
    void threeQuestionsAFailureInTheSecondAndTheThirdAnsweredAfterIt(@TempDir Path dir) throws Exception {
        Path wav = session(dir, "session", 7, "What is on the bench?", "What colour is it?", "And what is it used for?");
        Path said = dir.resolve("O.wav");
        Path picture = Pictures.png(dir.resolve("bench.png"), 200, 30, 30);
        try (JarProcess service = JarProcess.start(List.of("-Dquarkus.profile=sim",
                "-Dbenchmate.listening.mode=always-listening", "-Dbenchmate.listening.input-file=" + wav,
                "-Dbenchmate.speaking.output-file=" + said, "-Dbenchmate.camera.image=" + picture),
                Map.of("BENCHMATE_SIM_FAIL_TURNS", "2"))) {
            assertEquals(0, service.awaitExit(120), service.output());
            String log = service.output();
            assertTrue(log.contains("SIMULATED recognizer"), log);
            assertTrue(log.contains("[turn 1] Heard: What is on the bench?"), log);
            assertTrue(log.contains("[turn 1] Answered with the picture: Simulated answer to turn 1. The picture is "
                    + "red."), log);
            assertTrue(log.contains("[turn 2] Failed in THINKING: the model runtime reported an error"), log);
            assertTrue(log.contains("[turn 3] Heard: And what is it used for?"), log);
            assertTrue(log.contains("[turn 3] Answered: Simulated answer to turn 2. The picture is red."), log);
            assertTrue(log.contains("The replayed recording has ended"), log);
            assertTrue(log.contains("SIMULATED librkllmrt: released (rkllm_destroy)"), log);
        }
        AudioClip out = WavFiles.read(said);
        double session = WavFiles.read(wav).seconds();
        assertTrue(out.seconds() > session - 3, "the output runs in real time alongside the session: " + out.seconds()
                + " s of " + session + " s");
        assertTrue(speechSeconds(out) > 5, "two answers and an apology were spoken: " + speechSeconds(out) + " s");
    }

    /** Seconds of the clip louder than silence, in 100 ms windows. */
    static double speechSeconds(AudioClip c) {
        int win = c.sampleRate() / 10;
        int loud = 0;
        for (int i = 0; i + win <= c.samples().length; i += win) {
            float max = 0;
            for (int k = i; k < i + win; k++) {
                max = Math.max(max, Math.abs(c.samples()[k]));
            }
            if (max > 0.02f) {
                loud++;
            }
        }
        return loud / 10.0;
    }
}
