package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;
import dev.benchmate.testing.SimulatedNpu;
import dev.benchmate.testing.Wavs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A generated echo scene as the two WAV files `listen --echo-reference` takes, with where the person speaks. */
public final class EchoSceneFiles {
    /** The microphone's recording, what played, and the person's speech (seconds). */
    public record Files(Path mic, Path played, double personStart, double personEnd) {
    }

    private EchoSceneFiles() {
    }

    /**
     * Benchmate's long answer through the bench room, 6 dB over a person who says jfk.wav's "ask not"
     * 7 s into it; at {@code rate} Hz (the scene is made at 16 kHz; other rates are written resampled
     * by repetition, for the mismatch check only).
     */
    public static Files write(Path dir, int micRate, int playedRate) throws IOException {
        AudioClip answer = EchoScenes.maryAnswer(EchoScenes.LONG_ANSWER);
        AudioClip jfk = dev.benchmate.media.WavFiles.read(SimulatedNpu.sharedData("jfk.wav"));
        EchoScenes.Person person = EchoScenes.person("ask not", SpokenCommands.cut(jfk, 3.2, 4.45), 7.5, 0.06, 1.14);
        EchoScenes.Scene scene = EchoScenes.scene("listen --echo-reference", answer.seconds() + 1.5,
                List.of(new EchoScenes.Played(answer, 0.5)), List.of(person), EchoScenes.Room.BENCH, 6, 0.05, 61);
        Path mic = Wavs.write(dir.resolve("echo-mic.wav"), at(scene.mic(), micRate), micRate, 1);
        Path played = Wavs.write(dir.resolve("echo-played.wav"), at(scene.played(), playedRate), playedRate, 1);
        return new Files(mic, played, person.start(), person.end());
    }

    private static float[] at(float[] x, int rate) {
        int k = rate / AudioClip.SPEECH_RATE;
        if (k <= 1) {
            return x;
        }
        float[] y = new float[x.length * k];
        for (int i = 0; i < y.length; i++) {
            y[i] = x[i / k];
        }
        return y;
    }
}
