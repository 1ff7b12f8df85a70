package dev.benchmate.testing;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.SpeechRateConversion;
import dev.benchmate.media.WavFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The README's replayed session (examples/session.wav and its script examples/session.txt): three
 * questions spoken by MaryTTS, each followed by room for the answer. The files are this class's
 * output ({@code java ... ExampleSession examples} rewrites them); a test keeps them equal.
 */
public final class ExampleSession {
    /** What the person says, in order. */
    public static final List<String> QUESTIONS = List.of("What is on the bench?", "What colour is it?",
            "And what is it used for?");
    /** Silence before the first question and after each, room for the answer (seconds). */
    static final double LEAD = 1.0;
    static final double ANSWER_ROOM = 6.0;

    private ExampleSession() {
    }

    /** The session's audio (16 kHz mono) and its script, for the given sentences. */
    public record Session(AudioClip audio, String script) {
    }

    public static Session make(List<String> questions, double answerRoom) {
        List<float[]> parts = new ArrayList<>();
        StringBuilder script = new StringBuilder("# What is said in the recording beside this file: START END WORDS\n"
                + "# (seconds, as 'listen' prints them). The simulated recognizer reads it in the sim profile.\n");
        double at = LEAD;
        parts.add(new float[(int) (16000 * LEAD)]);
        for (String q : questions) {
            AudioClip c = SpeechRateConversion.toSpeechRate(Voice.mary().synthesize(q));
            parts.add(c.samples());
            script.append(String.format(Locale.ROOT, "%.2f %.2f %s%n", at, at + c.seconds(), q));
            at += c.seconds() + answerRoom;
            parts.add(new float[(int) (16000 * answerRoom)]);
        }
        float[] all = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int i = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, i, p.length);
            i += p.length;
        }
        return new Session(new AudioClip(all, 16000), script.toString());
    }

    /** Writes NAME.wav and NAME.txt into a folder; returns the WAV. */
    public static Path write(Path dir, String name, Session s) throws IOException {
        Files.createDirectories(dir);
        Path wav = dir.resolve(name + ".wav");
        WavFiles.write(s.audio(), wav);
        Files.writeString(dir.resolve(name + ".txt"), s.script());
        return wav;
    }

    public static void main(String[] args) throws IOException {
        write(Path.of(args.length > 0 ? args[0] : "examples"), "session", make(QUESTIONS, ANSWER_ROOM));
    }
}
