package dev.benchmate.transcribing;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Recognizes transcripts that are not a question: empty, only non-speech tags ("[BLANK_AUDIO]",
 * "(music)", "*applause*"), or a loop of one repeated token, which Whisper produces on noise.
 */
public final class NothingHeard {
    private static final Pattern TAGS = Pattern.compile("\\[[^\\]]*\\]|\\([^)]*\\)|\\*[^*]*\\*|♪+");
    private static final Pattern PUNCTUATION = Pattern.compile("[\\p{P}\\p{S}\\s]+");

    private NothingHeard() {
    }

    /** Whether n-word phrases, one of them four or more times, make up 80 % of the words. */
    private static boolean repeats(String[] words, int n) {
        Map<String, Long> counts = new java.util.HashMap<>();
        for (int i = 0; i + n <= words.length; i += n) {
            counts.merge(String.join(" ", Arrays.copyOfRange(words, i, i + n)), 1L, Long::sum);
        }
        long top = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
        return top >= 4 && top * n * 10 >= words.length * 8L;
    }

    public static boolean test(String transcript) {
        String speech = TAGS.matcher(transcript).replaceAll(" ");
        if (PUNCTUATION.matcher(speech).replaceAll("").isEmpty()) {
            return true;
        }
        return isLoop(speech);
    }

    /**
     * One word or one short phrase ("thank you") said four or more times and making up most of the
     * text, or one CJK character making up most of six or more.
     */
    static boolean isLoop(String text) {
        String[] words = PUNCTUATION.split(text.trim().toLowerCase(java.util.Locale.ROOT));
        words = Arrays.stream(words).filter(w -> !w.isEmpty()).toArray(String[]::new);
        for (int phrase = 1; phrase <= 3; phrase++) {
            if (words.length >= 4 * phrase && repeats(words, phrase)) {
                return true;
            }
        }
        int[] cps = text.codePoints().filter(Character::isIdeographic).toArray();
        if (cps.length >= 6) {
            Map<Integer, Long> counts = Arrays.stream(cps).boxed().collect(Collectors.groupingBy(Function.identity(),
                    Collectors.counting()));
            long top = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
            return top * 10 >= cps.length * 8L;
        }
        return false;
    }
}
