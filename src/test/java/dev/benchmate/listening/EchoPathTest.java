package dev.benchmate.listening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.bindings.NativeLibraryMissingException;
import dev.benchmate.listening.EchoScenes.Person;
import dev.benchmate.listening.EchoScenes.Played;
import dev.benchmate.listening.EchoScenes.Room;
import dev.benchmate.listening.EchoScenes.Scene;
import dev.benchmate.media.AudioClip;
import dev.benchmate.speaking.Earcons;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The echo path around the canceller: ERLE after convergence, earcons, a playback that stops and
 * starts again, a delay longer than the filter, the played-audio queue, and the library missing.
 */
class EchoPathTest {
    static final String SHORT_ANSWER = "The red wire is the positive supply. The brown one beside it is ground.";

    @Test
    void erleIsAtLeast20DbOnceConverged() {
        AudioClip answer = EchoScenes.maryAnswer(EchoScenes.LONG_ANSWER);
        for (Room room : EchoCancellationTest.ROOMS) {
            Scene scene = EchoScenes.scene("ERLE " + room, answer.seconds() + 1, List.of(new Played(answer, 0.5)),
                    List.of(), room, 0, 0.05, 21);
            EchoStats[] stats = new EchoStats[1];
            try (EchoCanceller c = EchoCancellationTest.canceller()) {
                EchoScenes.listen(scene, c, EchoSettings.DEFAULT_FILTER_MS, stats);
            }
            System.out.printf(Locale.ROOT, "%s: %s%n", scene.name(), stats[0]);
            assertTrue(stats[0].erleDb() >= 20, scene.name() + ": " + stats[0]);
        }
    }

    @Test
    void earconsAreCancelledLikeAnswersAndStartNothing() {
        AudioClip answer = EchoScenes.maryAnswer(EchoScenes.LONG_ANSWER);
        List<Played> played = new ArrayList<>(List.of(new Played(answer, 0.5)));
        double at = 0.5 + answer.seconds() + 0.5;
        List<double[]> spans = new ArrayList<>();
        for (Earcons.Kind kind : Earcons.Kind.values()) {
            AudioClip earcon = Earcons.of(kind);
            played.add(new Played(earcon, at));
            spans.add(new double[] {at, at + earcon.seconds()});
            at += earcon.seconds() + 1.0;
        }
        Scene scene = EchoScenes.scene("answer then earcons", at + 0.5, played, List.of(), EchoScenes.Room.BENCH, 6,
                0.05, 31);
        double[][] sums = new double[spans.size() * 2][];
        float[] out = run(scene, (input, seconds) -> {
            for (int k = 0; k < spans.size(); k++) {
                for (int edge = 0; edge < 2; edge++) {
                    if (sums[2 * k + edge] == null && seconds >= spans.get(k)[edge] + (edge == 0 ? 0 : 0.2)) {
                        sums[2 * k + edge] = input.erleSums();
                    }
                }
            }
        });
        List<Utterance> heard = detect(out);
        for (int k = 0; k < spans.size(); k++) {
            double erle = 10 * Math.log10((sums[2 * k + 1][0] - sums[2 * k][0]) / (sums[2 * k + 1][1] - sums[2 * k][1]));
            double chain = 10 * Math.log10(energy(scene.mic(), spans.get(k)) / energy(out, spans.get(k)));
            System.out.printf(Locale.ROOT, "earcon %s: ERLE %.1f dB (the canceller alone), %.1f dB quieter after the "
                    + "whole chain%n", Earcons.Kind.values()[k], erle, chain);
            assertTrue(erle >= 20, "earcon " + Earcons.Kind.values()[k] + ": ERLE only " + erle + " dB");
        }
        assertTrue(heard.isEmpty(), "earcons started utterances: " + EchoCancellationTest.spans(heard));
    }

    @Test
    void aPlaybackThatStopsAndStartsAgainIsCancelledAtOnce() {
        AudioClip first = EchoScenes.maryAnswer(EchoScenes.LONG_ANSWER);
        AudioClip second = EchoScenes.maryAnswer(SHORT_ANSWER);
        double secondAt = 0.5 + first.seconds() + 4;
        Person question = EchoScenes.person("espeak-ng question between the answers", SpokenCommands.espeakInstalled()
                ? SpokenCommands.espeak("And the one beside it?", "en-us", 170)
                : EchoScenes.maryAnswer("And the one beside it?"), 0.5 + first.seconds() + 1.2);
        Scene scene = EchoScenes.scene("answer, pause with a question, answer", secondAt + second.seconds() + 1,
                List.of(new Played(first, 0.5), new Played(second, secondAt)), List.of(question), Room.BENCH, 6, 0.05, 41);
        double[][] sums = new double[2][];
        float[] out = run(scene, (input, seconds) -> {
            if (sums[0] == null && seconds >= secondAt) {
                sums[0] = input.erleSums();
            } else if (sums[1] == null && seconds >= secondAt + 2) {
                sums[1] = input.erleSums();
            }
        });
        double erle = 10 * Math.log10((sums[1][0] - sums[0][0]) / (sums[1][1] - sums[0][1]));
        System.out.printf(Locale.ROOT, "ERLE over the first 2 s of the answer after a %.1f s pause: %.1f dB%n", 4.0, erle);
        assertTrue(erle >= 20, "the canceller had to learn again: ERLE " + erle + " dB in the restarted playback's first 2 s");
        List<Utterance> heard = detect(out);
        // Where the chain puts the question without any echo (the denoiser moves its end a little):
        // the echo before and after it must not move it.
        float[] aloneMic = EchoScenes.scene("the question alone", scene.seconds(), List.of(), List.of(question), Room.BENCH,
                0, 0.05, 41).mic();
        List<Utterance> alone = detect(DenoiseInNoiseTest.preprocessed(aloneMic, EchoSettings.DEFAULTS).samples());
        System.out.printf(Locale.ROOT, "question heard %s; without echo %s%n", EchoCancellationTest.spans(heard),
                EchoCancellationTest.spans(alone));
        assertEquals(1, heard.size(), "only the question: " + EchoCancellationTest.spans(heard));
        assertEquals(1, alone.size());
        assertTrue(Math.abs(heard.get(0).start() - alone.get(0).start()) <= EchoCancellationTest.TOLERANCE
                && Math.abs(heard.get(0).end() - alone.get(0).end()) <= EchoCancellationTest.TOLERANCE,
                "question heard " + EchoCancellationTest.spans(heard) + ", without echo " + EchoCancellationTest.spans(alone));
    }

    @Test
    void aDelayLongerThanTheFilterIsEstimatedAndCancelled() {
        AudioClip answer = EchoScenes.maryAnswer(EchoScenes.LONG_ANSWER);
        // 260 ms of device buffers plus 40 ms of air: the echo starts after the 200 ms filter ends.
        Room room = new Room(300, 120, -6);
        Scene scene = EchoScenes.scene("delay 300 ms", answer.seconds() + 1, List.of(new Played(answer, 0.5)), List.of(),
                room, 6, 0.05, 51);
        EchoStats[] stats = new EchoStats[1];
        List<Utterance> heard;
        try (EchoCanceller c = EchoCancellationTest.canceller()) {
            heard = EchoScenes.listen(scene, c, EchoSettings.DEFAULT_FILTER_MS, stats);
        }
        System.out.printf(Locale.ROOT, "%s: %s%n", scene.name(), stats[0]);
        assertEquals(300, stats[0].delayMs(), 10, "estimated delay");
        assertTrue(stats[0].erleDb() >= 20, "ERLE " + stats[0]);
        assertTrue(heard.isEmpty(), "the echo started utterances: " + EchoCancellationTest.spans(heard));
    }

    /**
     * As in the service: playback hands its blocks to the queue as it writes them to the device, a
     * device buffer (120 ms) ahead of what the speaker sounds, at 48 kHz; the capture side takes the
     * played audio in step with the microphone. The queue's lead plus the room's 40 ms put the echo
     * beyond half the filter: the delay is found, the played audio held back, and the echo cancelled.
     */
    @Test
    void playedAudioHandedOnAsItIsWrittenToTheDeviceIsCancelled() {
        AudioClip answer = EchoScenes.maryAnswer(EchoScenes.LONG_ANSWER);
        double deviceBufferSeconds = 0.12;
        Scene scene = EchoScenes.scene("played through the queue", answer.seconds() + 1,
                List.of(new Played(answer, 0.5 + deviceBufferSeconds)), List.of(), Room.BENCH, 6, 0.05, 81);
        // What playback writes: the answer at 48 kHz, in 10 ms blocks, starting when it is written.
        float[] at48k = new float[scene.played().length * 3];
        for (int i = 0; i < at48k.length; i++) {
            int k = i / 3;
            float a = scene.played()[k];
            float b = k + 1 < scene.played().length ? scene.played()[k + 1] : 0f;
            at48k[i] = a + (b - a) * (i % 3) / 3f;
        }
        int shift = (int) Math.round(deviceBufferSeconds * 48000);
        int[] written = {0};
        LiveRun run = live(scene, (captured, reference, clock) -> {
            // Playback has written up to the device buffer ahead of what the microphone has heard.
            long due = (captured + 320) * 3 + 2 * shift;
            while (written[0] < at48k.length - shift && written[0] < due) {
                int n = Math.min(480, at48k.length - shift - written[0]);
                reference.played(new AudioClip(java.util.Arrays.copyOfRange(at48k, written[0] + shift,
                        written[0] + shift + n), 48000));
                written[0] += n;
            }
        }, null);
        EchoStats stats = run.stats();
        List<Utterance> heard = run.heard();
        System.out.printf(Locale.ROOT, "%s: %s%n", scene.name(), stats);
        assertEquals(160, stats.delayMs(), 10, "the device buffer's 120 ms and the room's 40 ms");
        assertTrue(stats.erleDb() >= 20, stats.toString());
        assertEquals(0, stats.droppedReferenceMs(), "nothing dropped while capture keeps up");
        assertTrue(heard.isEmpty(), "the echo started utterances: " + EchoCancellationTest.spans(heard));
    }

    /**
     * As a loaded service starts its speaker again: the next answer's first block reaches the
     * played-audio timeline 3 ms after the speaker took it (the writing thread was not scheduled
     * at once), so all of that answer lands 48 samples late against capture, and the filter that
     * learnt the room on the first answer no longer fits it. Found to the sample, the played audio
     * is moved back, and the answer is cancelled from its start as if nothing had moved.
     */
    @Test
    void anAnswerStartedAFewMillisecondsOffIsFoundAgainAndCancelled() {
        AudioClip first = EchoScenes.maryAnswer(EchoScenes.LONG_ANSWER);
        AudioClip second = EchoScenes.maryAnswer(SHORT_ANSWER);
        double secondAt = 0.5 + first.seconds() + 4;
        Scene scene = EchoScenes.scene("answer, pause, an answer placed 3 ms late", secondAt + second.seconds() + 1,
                List.of(new Played(first, 0.5), new Played(second, secondAt)), List.of(), Room.BENCH, 6, 0.05, 61);
        int late = 48;
        int[][] answers = {{8000, 8000 + first.samples().length},
            {(int) Math.round(secondAt * 16000), (int) Math.round(secondAt * 16000) + second.samples().length}};
        int[] next = {answers[0][0], answers[1][0]};
        double[][] sums = new double[2][];
        LiveRun run = live(scene, (captured, reference, clock) -> {
            // The speaker takes each 20 ms block a frame ahead of what the microphone hears.
            for (int a = 0; a < answers.length; a++) {
                while (next[a] < answers[a][1] && next[a] < captured + 640) {
                    clock[0] = next[a] + (a == 1 && next[a] == answers[1][0] ? late : 0);
                    reference.played(new AudioClip(java.util.Arrays.copyOfRange(scene.played(), next[a],
                            Math.min(answers[a][1], next[a] + 320)), 16000));
                    next[a] += 320;
                }
            }
        }, (input, seconds) -> {
            if (sums[0] == null && seconds >= secondAt) {
                sums[0] = input.erleSums();
            } else if (sums[1] == null && seconds >= secondAt + 2) {
                sums[1] = input.erleSums();
            }
        });
        EchoStats stats = run.stats();
        List<Utterance> heard = run.heard();
        double erle = 10 * Math.log10((sums[1][0] - sums[0][0]) / (sums[1][1] - sums[0][1]));
        System.out.printf(Locale.ROOT, "%s: ERLE over the first 2 s of the second answer %.1f dB; %s%n", scene.name(), erle, stats);
        assertEquals(1, stats.echoMoves(), stats.toString());
        assertEquals(3.0, stats.echoMovedMs(), 0.001, "moved by what it was late: " + stats);
        assertTrue(erle >= 20, "the canceller had to learn the room again: ERLE " + erle + " dB in the second answer's first 2 s");
        assertTrue(heard.isEmpty(), "the echo started utterances: " + EchoCancellationTest.spans(heard));
    }

    @Test
    void everyStartAfterTheSpeakerRanDryIsCountedWhereCaptureReachesIt() {
        long[] clock = {0};
        EchoReference reference = new EchoReference(EchoReference.DEFAULT_CAPACITY_MS,
                () -> clock[0] * 1_000_000_000L / 16000);
        float[] frame = new float[320];
        clock[0] = 320;
        reference.next(frame); // capture has begun
        reference.played(new AudioClip(filled(640), 16000), true); // the first block: a start
        reference.played(new AudioClip(filled(640), 16000), false); // right after it
        reference.played(new AudioClip(filled(640), 16000), true); // the device said it had run dry, unseen by the clock
        long[] seen = new long[6];
        for (int i = 0; i < seen.length; i++) {
            clock[0] += 320;
            reference.next(frame);
            seen[i] = reference.restarts();
        }
        assertEquals("[1, 1, 1, 1, 2, 2]", java.util.Arrays.toString(seen), "counted as capture reaches each start");
    }

    private static float[] filled(int n) {
        float[] x = new float[n];
        java.util.Arrays.fill(x, 0.1f);
        return x;
    }

    @Test
    void thePlayedAudioQueueIsBoundedAndNeverWaits() {
        EchoReference reference = new EchoReference(200);
        AudioClip earcon = Earcons.of(Earcons.Kind.THINKING); // 48 kHz: converted to 16 kHz
        for (int i = 0; i < 20; i++) {
            reference.played(earcon);
        }
        float[] into = new float[320];
        int samples = 0;
        while (reference.next(into)) {
            samples += into.length;
        }
        assertTrue(samples <= 16 * 200 + 320, "held " + samples + " samples, more than 200 ms");
        long played16k = Math.round(20 * earcon.seconds() * 16000);
        assertTrue(reference.dropped() > 0 && reference.dropped() >= played16k - samples - 320 * 20,
                "dropped " + reference.dropped() + " of " + played16k);
        assertTrue(!reference.next(into) && into[0] == 0f, "an empty queue gives silence at once");
    }

    @Test
    void whileNothingPlaysTheCancellerIsNotCalled() {
        int[] calls = new int[2];
        EchoCanceller counting = new EchoCanceller() {
            public int frameSize() {
                return 320;
            }

            public void cancel(float[] mic, float[] played, float[] out) {
                calls[0]++;
                System.arraycopy(mic, 0, out, 0, mic.length);
            }

            public void preprocess(float[] frame, boolean afterCancel) {
                calls[1]++;
            }

            public boolean preprocessing() {
                return false;
            }

            public void reset() {
            }

            public String describe() {
                return "counting";
            }

            public void close() {
            }
        };
        float[] mic = WorkshopNoise.make(WorkshopNoise.Kind.PINK, 10, 0.01, 3);
        float[] played = new float[mic.length];
        for (int i = 5 * 16000; i < 6 * 16000; i++) {
            played[i] = (float) Math.sin(i * 0.1) * 0.1f;
        }
        try (EchoCancellingInput in = new EchoCancellingInput(new ClipInput(new AudioClip(mic, 16000), "noise"),
                new RecordedReference(new AudioClip(played, 16000)), counting, 200)) {
            int n = 0;
            for (float[] b = in.read(); b != null; b = in.read()) {
                n += b.length;
            }
            assertEquals(mic.length, n, "every sample comes out");
        }
        // One second played, plus up to the filter length after it.
        assertTrue(calls[0] >= 1000 / 20 && calls[0] <= (1000 + 200) / 20, "cancel() calls: " + calls[0]);
        assertEquals(0, calls[1]);
    }

    @Test
    void withoutTheLibraryItSaysWhatToInstall() {
        NativeLibraryMissingException e = assertThrows(NativeLibraryMissingException.class, () ->
                SpeexEchoCanceller.open(Optional.of(Path.of("/nonexistent/echo-test/libspeexdsp.so.1")), EchoSettings.DEFAULTS));
        assertTrue(e.getMessage().contains("libspeexdsp1") && e.getMessage().contains("benchmate.listening.speexdsp-library"),
                e.getMessage());
    }

    /** The speaker's side of a scene run in step with capture: what it has taken by the time the microphone reaches {@code captured}. */
    interface Speaker {
        void upTo(long captured, EchoReference reference, long[] clock);
    }

    record LiveRun(EchoStats stats, List<Utterance> heard) {
    }

    /**
     * The scene through the chain as the service runs it: the played audio handed to an
     * {@link EchoReference} by the speaker, both sides reading a clock that follows the simulated
     * capture (the loop runs faster than real time); the probe sees the input after each block.
     */
    static LiveRun live(Scene scene, Speaker speaker, Probe probe) {
        long[] clock = {0};
        EchoReference reference = new EchoReference(EchoReference.DEFAULT_CAPACITY_MS,
                () -> clock[0] * 1_000_000_000L / 16000);
        List<Utterance> heard = new ArrayList<>();
        UtteranceRecorder recorder = new UtteranceRecorder(new TarsosSpeechDetector(), 300);
        try (EchoCanceller c = EchoCancellationTest.canceller();
             EchoCancellingInput in = new EchoCancellingInput(new ClipInput(scene.micClip(), scene.name()), reference, c,
                     EchoSettings.DEFAULT_FILTER_MS)) {
            long captured = 0;
            while (true) {
                speaker.upTo(captured, reference, clock);
                clock[0] = captured + 320; // the frame being read has been heard by now
                float[] b = in.read();
                if (b == null) {
                    break;
                }
                captured += b.length;
                clock[0] = captured;
                heard.addAll(recorder.accept(b));
                if (probe != null) {
                    probe.at(in, captured / (double) AudioClip.SPEECH_RATE);
                }
            }
            heard.addAll(recorder.finish());
            return new LiveRun(in.stats(), heard);
        }
    }

    interface Probe {
        void at(EchoCancellingInput input, double seconds);
    }

    /** The scene through the canceller; the probe sees the input after each block. */
    static float[] run(Scene scene, Probe probe) {
        float[] out = new float[scene.mic().length];
        int n = 0;
        try (EchoCanceller c = EchoCancellationTest.canceller();
             EchoCancellingInput in = new EchoCancellingInput(new ClipInput(scene.micClip(), scene.name()),
                     new RecordedReference(scene.playedClip()), c, EchoSettings.DEFAULT_FILTER_MS)) {
            for (float[] b = in.read(); b != null; b = in.read()) {
                System.arraycopy(b, 0, out, n, b.length);
                n += b.length;
                if (probe != null) {
                    probe.at(in, n / (double) AudioClip.SPEECH_RATE);
                }
            }
        }
        return out;
    }

    static List<Utterance> detect(float[] audio) {
        UtteranceRecorder recorder = new UtteranceRecorder(new TarsosSpeechDetector(), 300);
        List<Utterance> all = new ArrayList<>();
        ClipInput in = new ClipInput(new AudioClip(audio, AudioClip.SPEECH_RATE), "out");
        for (float[] b = in.read(); b != null; b = in.read()) {
            all.addAll(recorder.accept(b));
        }
        all.addAll(recorder.finish());
        return all;
    }

    static double energy(float[] x, double[] span) {
        double s = 0;
        for (int i = (int) (span[0] * 16000); i < Math.min(x.length, (int) (span[1] * 16000)); i++) {
            s += x[i] * x[i];
        }
        return s + 1e-20;
    }
}
