package dev.benchmate.listening;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The wake phrase and the command phrases of one language, and what a spotter's words mean.
 * English: "hey bench mate" (in the small Vosk model's vocabulary, where "benchmate" is not);
 * Chinese: "你好 助手". Both are configurable.
 */
public final class Phrases {
    private final String wake;
    private final Map<String, Command> commands;

    public Phrases(String wake, Map<String, Command> commands) {
        this.wake = normalize(wake);
        this.commands = new LinkedHashMap<>();
        commands.forEach((phrase, command) -> this.commands.put(normalize(phrase), command));
    }

    public static Phrases english(String wake) {
        Map<String, Command> c = new LinkedHashMap<>();
        c.put("stop", Command.STOP);
        c.put("new conversation", Command.NEW_CONVERSATION);
        c.put("start over", Command.NEW_CONVERSATION);
        c.put("look", Command.LOOK);
        c.put("take a look", Command.LOOK);
        c.put("repeat", Command.REPEAT);
        c.put("say again", Command.REPEAT);
        return new Phrases(wake, c);
    }

    public static Phrases chinese(String wake) {
        Map<String, Command> c = new LinkedHashMap<>();
        c.put("停", Command.STOP);
        c.put("停止", Command.STOP);
        c.put("新 对话", Command.NEW_CONVERSATION);
        c.put("重新 开始", Command.NEW_CONVERSATION);
        c.put("看", Command.LOOK);
        c.put("看 一下", Command.LOOK);
        c.put("重复", Command.REPEAT);
        c.put("再说 一遍", Command.REPEAT);
        return new Phrases(wake, c);
    }

    /** The recognizer grammar: every phrase, plus "[unk]" so other speech is not forced into one. */
    public List<String> grammar() {
        List<String> g = new ArrayList<>();
        g.add(wake);
        g.addAll(commands.keySet());
        g.add("[unk]");
        return g;
    }

    public String wakePhrase() {
        return wake;
    }

    /** What a spotter heard, in the terms of these phrases. */
    public record Meaning(boolean wake, Optional<Command> command, boolean otherSpeech) {
    }

    public Meaning interpret(String spotted) {
        String words = normalize(spotted);
        boolean woke = false;
        if (!wake.isEmpty() && (words.equals(wake) || words.startsWith(wake + " "))) {
            woke = true;
            words = words.substring(wake.length()).trim();
        }
        String rest = words.replace("[unk]", " ").trim().replaceAll("\\s+", " ");
        Optional<Command> command = Optional.ofNullable(commands.get(rest));
        boolean other = words.contains("[unk]") || (command.isEmpty() && !rest.isEmpty());
        return new Meaning(woke, command, other);
    }

    /**
     * A transcript without the wake phrase it starts with, however the transcriber spelled and
     * punctuated it ("Hey, Bench Mate! What is this?", "hey benchmate what is this", "你好，助手。这是什么？").
     */
    public String withoutWakePhrase(String transcript) {
        String wakeChars = wake.replace(" ", "");
        if (wakeChars.isEmpty()) {
            return transcript;
        }
        int matched = 0;
        int i = 0;
        while (i < transcript.length() && matched < wakeChars.length()) {
            int cp = transcript.codePointAt(i);
            if (Character.isLetterOrDigit(cp)) {
                String lower = new String(Character.toChars(cp)).toLowerCase(Locale.ROOT);
                if (!wakeChars.startsWith(lower, matched)) {
                    return transcript;
                }
                matched += lower.length();
            }
            i += Character.charCount(cp);
        }
        if (matched < wakeChars.length() || (i < transcript.length()
                && Character.isLetterOrDigit(transcript.codePointAt(i)) && !isIdeograph(transcript.codePointAt(i)))) {
            return transcript; // not all of it, or the phrase runs on into a longer word
        }
        while (i < transcript.length() && !Character.isLetterOrDigit(transcript.codePointAt(i))) {
            i += Character.charCount(transcript.codePointAt(i));
        }
        return transcript.substring(i);
    }

    private static boolean isIdeograph(int cp) {
        return Character.isIdeographic(cp);
    }

    static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[,.!?;:，。！？；：]", " ").trim().replaceAll("\\s+", " ");
    }
}
