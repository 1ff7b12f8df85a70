package dev.benchmate.listening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.benchmate.bindings.NativeLibraryMissingException;
import dev.benchmate.listening.EchoScenes.Person;
import dev.benchmate.listening.EchoScenes.Played;
import dev.benchmate.listening.EchoScenes.Room;
import dev.benchmate.listening.EchoScenes.Scene;
import dev.benchmate.media.AudioClip;
import dev.benchmate.media.WavFiles;
import dev.benchmate.speaking.Earcons;
import dev.benchmate.testing.SimulatedNpu;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Benchmate's own voice, heard by its microphone through a generated room up to 6 dB louder than
 * the person, must not start utterances, while the person's words during it are cut as they are
 * without echo: within 150 ms of where they are audible. Needs libspeexdsp (Debian's libspeexdsp1).
 */
class EchoCancellationTest {
    static final double TOLERANCE = 0.15;
    static final Room[] ROOMS = {new Room(20, 100, -8), new Room(40, 120, -6), new Room(60, 150, -6)};
    /** Where the answer starts in each scene. */
    static final double ANSWER_AT = 0.5;
    private static AudioClip answer;

    @BeforeAll
    static void voice() {
        answer = EchoScenes.maryAnswer(EchoScenes.LONG_ANSWER);
    }

    static EchoCanceller canceller() {
        try {
            return SpeexEchoCanceller.open(Optional.empty(), EchoSettings.DEFAULTS);
        } catch (NativeLibraryMissingException e) {
            assumeTrue(false, "skipped: " + e.getMessage());
            return null;
        }
    }

    @Test
    void echoAloneOfALongAnswerStartsNoUtterance() {
        List<String> started = new ArrayList<>();
        for (Room room : ROOMS) {
            for (double db : new double[] {0, 6}) {
                Scene scene = EchoScenes.scene("answer " + answer.seconds() + " s, room " + room + ", echo +" + db + " dB",
                        answer.seconds() + 2, List.of(new Played(answer, ANSWER_AT)), List.of(), room, db, 0.05, 3);
                EchoStats[] stats = new EchoStats[1];
                List<Utterance> heard;
                try (EchoCanceller c = canceller()) {
                    heard = EchoScenes.listen(scene, c, EchoSettings.DEFAULT_FILTER_MS, stats);
                }
                List<Utterance> plain = EchoScenes.listenPlain(scene);
                System.out.printf(Locale.ROOT, "%s: %d utterances without the canceller, %d with it; %s%n", scene.name(),
                        plain.size(), heard.size(), stats[0]);
                if (!heard.isEmpty()) {
                    started.add(scene.name() + ": " + spans(heard));
                }
            }
        }
        assertTrue(started.isEmpty(), "the echo alone started utterances: " + started);
    }

    /** The person's words, each in its own scene, said while the long answer plays. */
    static List<Person> people() {
        List<Person> people = new ArrayList<>();
        AudioClip jfk = WavFiles.read(SimulatedNpu.sharedData("jfk.wav"));
        // jfk.wav's own crowd is audible around the words: the speech is where `listen` finds it in the whole recording.
        people.add(EchoScenes.person("jfk.wav \"ask not\"", SpokenCommands.cut(jfk, 3.2, 4.45), 0, 3.26 - 3.2, 4.34 - 3.2));
        people.add(EchoScenes.person("jfk.wav \"what your country can do for you\"", SpokenCommands.cut(jfk, 5.3, 7.65), 0,
                5.39 - 5.3, 7.54 - 5.3));
        if (SpokenCommands.espeakInstalled()) {
            people.add(EchoScenes.person("espeak-ng \"stop\"", SpokenCommands.espeak("Stop.", "en-us", 175), 0));
            people.add(EchoScenes.person("espeak-ng \"look\"", SpokenCommands.espeak("Look.", "en", 175), 0));
            people.add(EchoScenes.person("espeak-ng question", SpokenCommands.espeak(
                    "Which pin of this chip is the output?", "en-gb-x-rp", 160), 0));
        } else {
            System.out.println("espeak-ng is not installed: only jfk.wav's voice is the person");
        }
        return people;
    }

    /**
     * Each of the person's words, said 3.5 s and 7 s into the answer, 0 and 6 dB under the echo, is
     * one utterance starting and ending within 150 ms of where it is audible (a longer sentence whose
     * last words are quieter than the rest lost them 3.5 s into the answer until the gate let a
     * person go on with less than it takes to begin).
     */
    @Test
    void aPersonSpeakingOverTheAnswerIsHeardWhereTheirWordsAre() {
        List<String> wrong = new ArrayList<>();
        List<String> lateOrEarlyEnd = new ArrayList<>();
        int scenes = 0;
        for (Person p : people()) {
            for (double at : new double[] {ANSWER_AT + 3.5, ANSWER_AT + 7}) {
                for (double db : new double[] {0, 6}) {
                    Room room = ROOMS[scenes % ROOMS.length];
                    Person placed = EchoScenes.moved(p, at);
                    String name = String.format(Locale.ROOT, "%s at %.1f s (%.2f-%.2f), echo +%.0f dB, %s", p.what(), at,
                            placed.start(), placed.end(), db, room);
                    Scene scene = EchoScenes.scene(name, answer.seconds() + 2, List.of(new Played(answer, ANSWER_AT)),
                            List.of(placed), room, db, 0.05, 5 + scenes);
                    scenes++;
                    List<Utterance> heard;
                    try (EchoCanceller c = canceller()) {
                        heard = EchoScenes.listen(scene, c, EchoSettings.DEFAULT_FILTER_MS, null);
                    }
                    String verdict = judge(heard, placed);
                    String end = heard.size() == 1 && Math.abs(heard.get(0).end() - placed.end()) > TOLERANCE
                            ? String.format(Locale.ROOT, "end off by %+.2f s", heard.get(0).end() - placed.end()) : "";
                    System.out.printf(Locale.ROOT, "%s: %s %s%n", name, spans(heard),
                            verdict.isEmpty() && end.isEmpty() ? "ok" : verdict + end);
                    if (!verdict.isEmpty()) {
                        wrong.add(name + ": " + spans(heard) + " " + verdict);
                    } else if (!end.isEmpty()) {
                        lateOrEarlyEnd.add(name + ": " + spans(heard) + " " + end);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d scenes: %d wrong, %d more with the end off by over %.2f s%n", scenes,
                wrong.size(), lateOrEarlyEnd.size(), TOLERANCE);
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + scenes + " scenes wrong:\n" + String.join("\n", wrong));
        assertTrue(lateOrEarlyEnd.isEmpty(), "ends off by over " + TOLERANCE + " s:\n"
                + String.join("\n", lateOrEarlyEnd));
    }

    /**
     * The person early in an answer: 1 and 2 s into it, 0 and 6 dB under the echo. In the
     * first answer after start the canceller is still learning the room; in a later one (after an
     * earlier answer and a 4 s pause, as in a conversation) its filter and the gate's residual gain
     * are kept. Prints every scene; asserts the counts measured when the gate was last tuned, so
     * that a change that loses words there fails.
     */
    @Test
    void aPersonEarlyInAnAnswer() {
        AudioClip earlier = EchoScenes.maryAnswer("The regulator is on the left, next to the big capacitor.");
        int[] right = new int[2];
        int scenes = 0;
        for (Person p : people()) {
            for (double into : new double[] {1, 2}) {
                for (double db : new double[] {0, 6}) {
                    Room room = ROOMS[scenes % ROOMS.length];
                    for (int later = 0; later < 2; later++) {
                        double answerAt = later == 0 ? ANSWER_AT : ANSWER_AT + earlier.seconds() + 4;
                        Person placed = EchoScenes.moved(p, answerAt + into);
                        List<Played> played = later == 0 ? List.of(new Played(answer, answerAt))
                                : List.of(new Played(earlier, ANSWER_AT), new Played(answer, answerAt));
                        String name = String.format(Locale.ROOT, "%s %.1f s into the %s answer, echo +%.0f dB, %s", p.what(),
                                into, later == 0 ? "first" : "second", db, room);
                        Scene scene = EchoScenes.scene(name, placed.end() + 1.5, played, List.of(placed), room, db, 0.05,
                                100 + scenes);
                        List<Utterance> heard;
                        try (EchoCanceller c = canceller()) {
                            heard = EchoScenes.listen(scene, c, EchoSettings.DEFAULT_FILTER_MS, null);
                        }
                        String verdict = judge(heard, placed);
                        if (verdict.isEmpty() && Math.abs(heard.get(0).end() - placed.end()) > TOLERANCE) {
                            verdict = String.format(Locale.ROOT, "end off by %+.2f s", heard.get(0).end() - placed.end());
                        }
                        if (verdict.isEmpty()) {
                            right[later]++;
                        }
                        System.out.printf(Locale.ROOT, "%s: %s %s%n", name, spans(heard), verdict.isEmpty() ? "ok" : verdict);
                    }
                    scenes++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "early in the first answer: %d of %d right; early in a later answer: %d of %d%n",
                right[0], scenes, right[1], scenes);
        // Measured: 18 of 20 in a later answer (16 before the gate stopped learning the person's
        // quieter frames as echo), 7 of 20 in the first (6).
        assertTrue(right[1] >= scenes * 9 / 10, "early in a later answer only " + right[1] + " of " + scenes + " right");
        assertTrue(right[0] >= scenes / 3, "early in the first answer only " + right[0] + " of " + scenes + " right");
    }

    /** Empty when exactly one utterance was cut and it starts within the tolerance of the words. */
    static String judge(List<Utterance> heard, Person p) {
        if (heard.size() != 1) {
            return heard.size() + " utterances, expected 1";
        }
        double ds = heard.get(0).start() - p.start();
        if (Math.abs(ds) > TOLERANCE) {
            return String.format(Locale.ROOT, "start off by %+.2f s", ds);
        }
        return "";
    }

    static String spans(List<Utterance> us) {
        List<String> s = new ArrayList<>();
        for (Utterance u : us) {
            s.add(String.format(Locale.ROOT, "%.2f-%.2f", u.start(), u.end()));
        }
        return s.toString();
    }
}
