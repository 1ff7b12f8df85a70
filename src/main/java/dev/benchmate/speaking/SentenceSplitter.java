package dev.benchmate.speaking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a stream of generated text into sentences as soon as each one is complete, so the first
 * can be spoken while the model writes the rest. English ends at . ! ? followed by a space (not in
 * "3.5 V", not after "e.g." or "Dr."), and at once, without waiting for the next token, at ! or ?
 * and at a . after a word of two or more letters that is not an abbreviation (after a digit or an
 * initial, the next token decides); Chinese at 。！？； at once; a line that starts a numbered
 * or bulleted item starts a new sentence; a sentence longer than the limit is cut at a comma.
 * Where the next token decides (a . after a digit or an initial), {@link #tentative()} gives the
 * sentence it most likely ends, for a voice that can start on it while the next token comes.
 */
public final class SentenceSplitter {
    private static final Set<String> ABBREVIATIONS = Set.of("e.g", "i.e", "dr", "mr", "mrs", "ms", "st", "vs", "etc",
            "no", "approx", "fig", "jr", "sr", "prof", "inc", "ltd", "min", "max", "cf", "al", "a.m", "p.m");
    private static final Pattern LIST_ITEM = Pattern.compile("\\n\\s*(?:\\d+[.)]|[-*•])\\s");
    private static final String CJK_ENDS = "。！？；";
    private final int maxLength;
    private final StringBuilder pending = new StringBuilder();

    /** @param maxLength a sentence longer than this is cut at its last comma before the limit */
    public SentenceSplitter(int maxLength) {
        this.maxLength = maxLength;
    }

    public SentenceSplitter() {
        this(160);
    }

    /** Adds generated text; returns the sentences it completed, in order. */
    public List<String> accept(String text) {
        pending.append(text);
        List<String> out = new ArrayList<>();
        for (int end = nextEnd(); end > 0; end = nextEnd()) {
            emit(pending.substring(0, end), out);
            pending.delete(0, end);
        }
        while (pending.length() > maxLength) {
            int cut = commaCut(pending.toString());
            if (cut <= 0) {
                break;
            }
            emit(pending.substring(0, cut), out);
            pending.delete(0, cut);
        }
        return out;
    }

    /** The text has ended: whatever is left is the last sentence. */
    public List<String> flush() {
        List<String> out = new ArrayList<>();
        emit(pending.toString(), out);
        pending.setLength(0);
        return out;
    }

    /**
     * The sentence the text so far ends if the next token begins with a space: where it ends in a
     * . that only the next token decides (after a digit, "turn 2." or "2.5"; after an initial), so
     * that a voice can synthesize it while the model writes that token. Empty where the text so
     * far ends no sentence, or where an abbreviation or a list number makes an end unlikely.
     * {@link #accept} emits exactly this text when the next token confirms the end.
     */
    public Optional<String> tentative() {
        int last = pending.length() - 1;
        if (last < 1 || pending.charAt(last) != '.' || nextEnd() >= 0) {
            return Optional.empty();
        }
        String s = pending.toString();
        char before = s.charAt(last - 1);
        if (!Character.isLetterOrDigit(before) || isAbbreviation(s, last) || isListNumber(s, last)) {
            return Optional.empty();
        }
        return cleaned(s);
    }

    private void emit(String sentence, List<String> out) {
        cleaned(sentence).ifPresent(out::add);
    }

    private static Optional<String> cleaned(String sentence) {
        String s = sentence.strip();
        s = s.replaceFirst("^(?:\\d+[.)]|[-*•])\\s+", "");
        return !s.isEmpty() && s.codePoints().anyMatch(Character::isLetterOrDigit) ? Optional.of(s) : Optional.empty();
    }

    /** Index just past the first complete sentence in pending, or -1. */
    private int nextEnd() {
        String s = pending.toString();
        Matcher list = LIST_ITEM.matcher(s);
        int listStart = -1;
        while (list.find()) {
            if (list.start() > 0) {
                listStart = list.start();
                break;
            }
        }
        for (int i = 0; i < s.length(); i++) {
            if (listStart >= 0 && i >= listStart) {
                return listStart + 1;
            }
            char c = s.charAt(i);
            if (CJK_ENDS.indexOf(c) >= 0) {
                return i + 1;
            }
            if (c == '\n' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                return i + 1;
            }
            if ((c == '.' || c == '!' || c == '?') && i + 1 < s.length() && Character.isWhitespace(s.charAt(i + 1))) {
                if (c == '.' && (isAbbreviation(s, i) || isListNumber(s, i))) {
                    continue;
                }
                return i + 1;
            }
            if (i == s.length() - 1 && (c == '!' || c == '?' || c == '.' && endsAWord(s, i))) {
                return i + 1; // the end so far: no need to wait for the next token's space
            }
        }
        return -1;
    }

    /** A . right after a word of two or more letters that is no abbreviation ("board." but not "Dr.", "J.", "2."). */
    private static boolean endsAWord(String s, int dot) {
        int start = dot;
        while (start > 0 && Character.isLetter(s.charAt(start - 1))) {
            start--;
        }
        return dot - start >= 2 && (start == 0 || s.charAt(start - 1) != '.') && !isAbbreviation(s, dot);
    }

    private static boolean isAbbreviation(String s, int dot) {
        int start = dot;
        while (start > 0 && (Character.isLetter(s.charAt(start - 1)) || s.charAt(start - 1) == '.')) {
            start--;
        }
        String word = s.substring(start, dot).toLowerCase(Locale.ROOT);
        return ABBREVIATIONS.contains(word);
    }

    /** "1. " at the start of the text or of a line is a list number, not the end of a sentence. */
    private static boolean isListNumber(String s, int dot) {
        int start = dot;
        while (start > 0 && Character.isDigit(s.charAt(start - 1))) {
            start--;
        }
        if (start == dot) {
            return false;
        }
        int before = start - 1;
        while (before >= 0 && s.charAt(before) == ' ') {
            before--;
        }
        return before < 0 || s.charAt(before) == '\n';
    }

    private int commaCut(String s) {
        int limit = Math.min(s.length(), maxLength);
        for (int i = limit - 1; i > maxLength / 4; i--) {
            char c = s.charAt(i);
            if ((c == ',' && i + 1 < s.length() && s.charAt(i + 1) == ' ') || c == '，' || c == '、') {
                return i + 1;
            }
        }
        return -1;
    }
}
