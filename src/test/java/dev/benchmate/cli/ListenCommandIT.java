package dev.benchmate.cli;

import dev.benchmate.testing.JarProcess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.listening.EchoSceneFiles;
import dev.benchmate.media.AudioClip;
import dev.benchmate.media.WavFiles;
import dev.benchmate.testing.SimulatedNpu;
import dev.benchmate.testing.Wavs;
import dev.benchmate.transcribing.SyntheticWhisperModel;
import dev.benchmate.transcribing.WhisperHyperParameters;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listen command of the packaged jar on real speech, on noise, and on a 48 kHz stereo recording. */
class ListenCommandIT {
    static List<String> speechLines(String output) {
        return output.lines().filter(l -> l.startsWith("speech ")).toList();
    }

    @Test
    void printsTheUtterancesOfARecording() throws Exception {
        Path jfk = SimulatedNpu.sharedData("jfk.wav");
        try (JarProcess listen = JarProcess.start(List.of(), "listen", "--file", jfk.toString())) {
            assertEquals(0, listen.awaitExit(60), listen.output());
            List<String> lines = speechLines(listen.output());
            assertTrue(lines.size() >= 2, listen.output());
            assertTrue(lines.get(0).matches("speech 0\\.[3-6]\\d-\\d+\\.\\d\\d"), lines.get(0));
            assertTrue(lines.get(lines.size() - 1).matches("speech \\d+\\.\\d\\d-10\\.\\d\\d"), lines.toString());
        }
    }

    @Test
    void withAWhisperModelEachUtteranceIsFollowedByWhatWasHeard(@TempDir Path dir) throws Exception {
        Path jfk = SimulatedNpu.sharedData("jfk.wav");
        Path model = SyntheticWhisperModel.write(dir.resolve("ggml-miniature.bin"),
                WhisperHyperParameters.MINIATURE_F16, 1);
        try (JarProcess listen = JarProcess.start(List.of("-Dbenchmate.transcribing.model=" + model,
                "-Dbenchmate.transcribing.language=en"), "listen", "--file", jfk.toString())) {
            assertEquals(0, listen.awaitExit(120), listen.output());
            List<String> lines = listen.output().lines().filter(l -> l.startsWith("speech ")
                    || l.startsWith("  transcript (") || l.equals("  nothing heard")).toList();
            assertTrue(lines.size() >= 4, listen.output());
            for (int i = 0; i < lines.size(); i += 2) {
                assertTrue(lines.get(i).startsWith("speech "), lines.toString());
                assertTrue(!lines.get(i + 1).startsWith("speech "), "a transcript line follows each utterance");
            }
        }
    }

    @Test
    void aTruncatedWhisperModelTurnsTranscriptionOffWithOneLine(@TempDir Path dir) throws Exception {
        Path model = SyntheticWhisperModel.write(dir.resolve("whole.bin"), WhisperHyperParameters.MINIATURE_F16, 1);
        byte[] bytes = java.nio.file.Files.readAllBytes(model);
        Path cut = java.nio.file.Files.write(dir.resolve("cut.bin"), java.util.Arrays.copyOf(bytes, bytes.length / 3));
        Path jfk = SimulatedNpu.sharedData("jfk.wav");
        try (JarProcess listen = JarProcess.start(List.of("-Dbenchmate.transcribing.model=" + cut), "listen", "--file",
                jfk.toString())) {
            assertEquals(0, listen.awaitExit(60), listen.output());
            assertTrue(listen.output().contains("Transcription is off: Whisper model " + cut), listen.output());
            assertTrue(speechLines(listen.output()).size() >= 2, "listening goes on without it");
        }
    }

    @Test
    void noiseAlonePrintsNothing(@TempDir Path dir) throws Exception {
        Random r = new Random(3);
        float[] noise = new float[16000 * 8];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (0.1 * r.nextGaussian() + 0.2 * Math.sin(2 * Math.PI * 100 * i / 16000.0));
        }
        Path wav = Wavs.write(dir.resolve("noise.wav"), noise, 16000, 1);
        try (JarProcess listen = JarProcess.start(List.of(), "listen", "--file", wav.toString())) {
            assertEquals(0, listen.awaitExit(60), listen.output());
            assertEquals(List.of(), speechLines(listen.output()));
        }
    }

    @Test
    void aFortyEightKilohertzStereoRecordingGivesTheSameUtterances(@TempDir Path dir) throws Exception {
        Path jfk = SimulatedNpu.sharedData("jfk.wav");
        AudioClip clip = WavFiles.read(jfk);
        // Upsample 3x by repetition-free linear interpolation into two channels.
        float[] s = clip.samples();
        float[] stereo = new float[s.length * 3 * 2];
        for (int i = 0; i < s.length * 3; i++) {
            int k = i / 3;
            float next = k + 1 < s.length ? s[k + 1] : s[k];
            float v = s[k] + (next - s[k]) * (i % 3) / 3f;
            stereo[2 * i] = v;
            stereo[2 * i + 1] = v;
        }
        Path wav48 = Wavs.write(dir.resolve("jfk48.wav"), stereo, 48000, 2);
        try (JarProcess a = JarProcess.start(List.of(), "listen", "--file", jfk.toString());
             JarProcess b = JarProcess.start(List.of(), "listen", "--file", wav48.toString())) {
            assertEquals(0, a.awaitExit(60));
            assertEquals(0, b.awaitExit(60), b.output());
            List<String> original = speechLines(a.output());
            List<String> converted = speechLines(b.output());
            assertEquals(original.size(), converted.size(), original + " vs " + converted);
            for (int i = 0; i < original.size(); i++) {
                String[] x = original.get(i).substring(7).split("-");
                String[] y = converted.get(i).substring(7).split("-");
                assertEquals(Double.parseDouble(x[0]), Double.parseDouble(y[0]), 0.1, original + " vs " + converted);
                assertEquals(Double.parseDouble(x[1]), Double.parseDouble(y[1]), 0.1, original + " vs " + converted);
            }
        }
    }

    @Test
    void aFileThatIsNotAudioIsOneLine(@TempDir Path dir) throws Exception {
        Path bogus = java.nio.file.Files.writeString(dir.resolve("bogus.wav"), "not audio");
        try (JarProcess listen = JarProcess.start(List.of(), "listen", "--file", bogus.toString())) {
            assertEquals(1, listen.awaitExit(60));
            assertTrue(listen.output().contains("listen: " + bogus + " is not a WAV"), listen.output());
            assertTrue(!listen.output().contains("Exception"), listen.output());
        }
    }
    @Test
    void withTheEchoReferenceOnlyThePersonIsHeardAndTheErleIsPrinted(@TempDir Path dir) throws Exception {
        EchoSceneFiles.Files scene = EchoSceneFiles.write(dir, 16000, 16000);
        try (JarProcess plain = JarProcess.start(List.of(), "listen", "--file", scene.mic().toString());
             JarProcess listen = JarProcess.start(List.of(), "listen", "--file", scene.mic().toString(),
                     "--echo-reference", scene.played().toString())) {
            assertEquals(0, plain.awaitExit(60), plain.output());
            assertEquals(0, listen.awaitExit(60), listen.output());
            System.out.println("without --echo-reference:\n" + plain.output() + "with it:\n" + listen.output());
            List<String> lines = speechLines(listen.output());
            assertEquals(1, lines.size(), "only the person: " + listen.output());
            String[] span = lines.get(0).substring("speech ".length()).split("-");
            assertEquals(scene.personStart(), Double.parseDouble(span[0]), 0.15, lines.get(0));
            assertEquals(scene.personEnd(), Double.parseDouble(span[1]), 0.15, lines.get(0));
            java.util.regex.Matcher erle = java.util.regex.Pattern.compile("echo: ERLE (\\d+\\.\\d) dB")
                    .matcher(listen.output());
            assertTrue(erle.find(), listen.output());
            assertTrue(Double.parseDouble(erle.group(1)) >= 20, listen.output());
            assertTrue(speechLines(plain.output()).size() > 1, "without it the echo is heard too: " + plain.output());
        }
    }

    @Test
    void withoutSpeexdspOrWithTwoRatesTheEchoReferenceIsRefused(@TempDir Path dir) throws Exception {
        EchoSceneFiles.Files same = EchoSceneFiles.write(dir, 16000, 16000);
        try (JarProcess listen = JarProcess.start(List.of("-Dbenchmate.listening.speexdsp-library=" + dir.resolve("none")),
                "listen", "--file", same.mic().toString(), "--echo-reference", same.played().toString())) {
            assertEquals(1, listen.awaitExit(60), listen.output());
            assertTrue(listen.output().contains("listen: libspeexdsp.so.1 not found") && listen.output().contains("libspeexdsp1"),
                    listen.output());
        }
        Path other = dir.resolve("rates");
        java.nio.file.Files.createDirectories(other);
        EchoSceneFiles.Files mixed = EchoSceneFiles.write(other, 48000, 16000);
        try (JarProcess listen = JarProcess.start(List.of(), "listen", "--file", mixed.mic().toString(),
                "--echo-reference", mixed.played().toString())) {
            assertEquals(1, listen.awaitExit(60), listen.output());
            assertTrue(listen.output().contains("is at 48000 Hz but") && listen.output().contains("at 16000 Hz"),
                    listen.output());
        }
    }
}
