package dev.benchmate.app;

import dev.benchmate.listening.Phrases;
import dev.benchmate.listening.PhraseSpotter;
import dev.benchmate.listening.Utterance;
import dev.benchmate.media.AudioClip;
import dev.benchmate.media.SpeechFeatureUnavailableException;
import dev.benchmate.transcribing.Transcriber;
import dev.benchmate.transcribing.Transcript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * A SIMULATED recognizer, the speech counterpart of the NPU simulator: a test instrument for
 * machines without a Vosk or Whisper model. It knows what was said in a replayed recording from a
 * script beside it (same name, extension .txt): one line per utterance, {@code START END WORDS},
 * seconds as {@code listen} prints them; blank lines and lines starting with # are ignored. An
 * utterance is matched to the line it overlaps most. As the phrase spotter it answers like a
 * grammar recognizer: the wake phrase, a command phrase, and [unk] for anything else; as the
 * transcriber it answers the words. Used only in the sim profile with a replayed input.
 */
public final class ScriptedSpeech implements PhraseSpotter, Transcriber {
    /** One line of the script. */
    public record Line(double start, double end, String words) {
    }

    private static final int REMEMBERED = 64;
    private final List<Line> lines;
    private final Phrases phrases;
    private final Path script;
    /** Recent utterances: their audio (by identity) and where they lie in the recording. */
    private final Deque<Utterance> recent = new ArrayDeque<>();

    private ScriptedSpeech(Path script, List<Line> lines, Phrases phrases) {
        this.script = script;
        this.lines = lines;
        this.phrases = phrases;
    }

    /** The script beside a recording: S.wav → S.txt. */
    public static Path scriptFor(Path recording) {
        String name = recording.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return recording.resolveSibling((dot < 0 ? name : name.substring(0, dot)) + ".txt");
    }

    public static ScriptedSpeech read(Path script, Phrases phrases) {
        List<String> raw;
        try {
            raw = Files.readAllLines(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpeechFeatureUnavailableException("cannot read the recognizer script " + script + ": "
                    + e.getMessage(), e);
        }
        List<Line> lines = new ArrayList<>();
        for (int n = 0; n < raw.size(); n++) {
            String l = raw.get(n).trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+", 3);
            try {
                if (parts.length < 3) {
                    throw new NumberFormatException();
                }
                double start = Double.parseDouble(parts[0]);
                double end = Double.parseDouble(parts[1]);
                if (end <= start || start < 0) {
                    throw new NumberFormatException();
                }
                lines.add(new Line(start, end, parts[2].trim()));
            } catch (NumberFormatException e) {
                throw new SpeechFeatureUnavailableException(script + " line " + (n + 1) + " is not 'START END WORDS' "
                        + "(seconds, e.g. '1.20 2.85 hey bench mate what is this'): " + l);
            }
        }
        return new ScriptedSpeech(script, List.copyOf(lines), phrases);
    }

    /** An utterance was cut from the recording (the recorder says so before anyone asks about its audio). */
    public void heard(Utterance u) {
        synchronized (recent) {
            recent.addLast(u);
            while (recent.size() > REMEMBERED) {
                recent.removeFirst();
            }
        }
    }

    /** The words of an utterance's audio, found by where the utterance lies. */
    private String wordsOf(AudioClip audio) {
        synchronized (recent) {
            for (Utterance u : recent) {
                if (u.audio() == audio) {
                    return wordsAt(u.start(), u.end());
                }
            }
        }
        return "";
    }

    /** The words said during [start, end]: the line it overlaps most, or "" when it overlaps none. */
    public String wordsAt(double start, double end) {
        Line best = null;
        double bestOverlap = 0;
        for (Line l : lines) {
            double overlap = Math.min(end, l.end()) - Math.max(start, l.start());
            if (overlap > bestOverlap) {
                bestOverlap = overlap;
                best = l;
            }
        }
        return best == null ? "" : best.words();
    }

    @Override
    public String spot(AudioClip utterance) {
        return asGrammar(wordsOf(utterance));
    }

    /** What a grammar recognizer with the wake phrase and command phrases would return for the words. */
    String asGrammar(String words) {
        String said = words.toLowerCase(Locale.ROOT).replaceAll("[,.!?;:，。！？；：]", " ").trim().replaceAll("\\s+", " ");
        if (said.isEmpty()) {
            return "";
        }
        String wake = phrases.wakePhrase();
        String rest = said;
        StringBuilder out = new StringBuilder();
        if (!wake.isEmpty() && (said.equals(wake) || said.startsWith(wake + " "))) {
            out.append(wake);
            rest = said.substring(wake.length()).trim();
        }
        if (!rest.isEmpty()) {
            boolean command = phrases.interpret(rest).command().isPresent() && !phrases.interpret(rest).otherSpeech();
            out.append(out.length() > 0 ? " " : "").append(command ? rest : "[unk]");
        }
        return out.toString();
    }

    @Override
    public Transcript transcribe(AudioClip utterance) {
        String words = wordsOf(utterance);
        return new Transcript(words, words.isBlank(), Duration.ZERO, utterance.seconds());
    }

    /** It knows the words of whole utterances only, by where they lie in the recording. */
    @Override
    public boolean hearsParts() {
        return false;
    }

    public Path script() {
        return script;
    }

    public int lines() {
        return lines.size();
    }

    @Override
    public void close() {
    }
}
