package dev.benchmate.cli;

import dev.benchmate.testing.JarProcess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.WavFiles;
import dev.benchmate.testing.Pictures;
import dev.benchmate.testing.Sessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's voice loop end to end on a machine without audio devices: a recorded session
 * replayed as the microphone, the simulated recognizer reading its script, the answers written to
 * a WAV file in real time, a failure in the middle and the recovery after it.
 */
class ServiceReplayIT {
    @Test
    void threeQuestionsAFailureInTheSecondAndTheThirdAnsweredAfterIt(@TempDir Path dir) throws Exception {
        Path wav = Sessions.write(dir, "session", 26, new Sessions.Said(1, "What is on the bench?"), new Sessions.Said(9, "What colour is it?"),
                new Sessions.Said(17, "And what is it used for?"));
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

    @Test
    void wakePhraseFollowUpIgnoredSpeechNewConversationAndStop(@TempDir Path dir) throws Exception {
        // At 300 ms a token an answer takes about 6 s from the question's end to the end of its speech;
        // the follow-up window is 8 s after that. Each line leaves seconds of margin either side.
        Path wav = Sessions.write(dir, "bench", 58,
                new Sessions.Said(1, "Hey bench mate, what is on the bench?"),
                new Sessions.Said(13, "What colour is it?"),
                new Sessions.Said(33, "Pass me the pliers."),
                new Sessions.Said(37, "Hey bench mate."),
                new Sessions.Said(39.5, "Start over."),
                new Sessions.Said(44, "Hey bench mate, tell me about it."),
                new Sessions.Said(48, "Stop."));
        Path said = dir.resolve("said.wav");
        Path picture = Pictures.png(dir.resolve("bench.png"), 30, 30, 200);
        try (JarProcess service = JarProcess.start(List.of("-Dquarkus.profile=sim",
                "-Dbenchmate.listening.input-file=" + wav, "-Dbenchmate.speaking.output-file=" + said,
                "-Dbenchmate.camera.image=" + picture),
                Map.of("BENCHMATE_SIM_DECODE_MS_PER_TOKEN", "300"))) {
            assertEquals(0, service.awaitExit(150), service.output());
            String log = service.output();
            assertTrue(log.contains("[turn 1] Heard: what is on the bench?"), "the wake phrase is not in the "
                    + "question: " + log);
            assertTrue(log.contains("[turn 1] Answered with the picture: Simulated answer to turn 1. The picture is "
                    + "blue."), log);
            assertTrue(log.contains("[turn 2] Heard: What colour is it?"), "a follow-up needs no wake phrase: " + log);
            assertTrue(log.contains("[turn 2] Answered: Simulated answer to turn 2. The picture is blue."), log);
            assertTrue(!log.contains("Pass me the pliers"), "speech after the window without the wake phrase is "
                    + "not a question: " + log);
            assertTrue(log.contains("Command: new conversation"), log);
            assertTrue(log.contains("New conversation (asked for)"), log);
            assertTrue(log.contains("[turn 3] Heard: tell me about it."), log);
            assertTrue(log.contains("Command: stop"), log);
            assertTrue(log.contains("[turn 3] Answered with the picture (stopped): Simulated answer to turn 1"),
                    "the new conversation began afresh, and stop cut the answer: " + log);
            assertTrue(!log.contains("[turn 4]"), "nothing else was taken for a question: " + log);
        }
    }
}
