package dev.benchmate.core;

import java.util.List;
import java.util.Locale;

/**
 * Whether a question gets a fresh picture: the first question of a conversation does, and so does
 * one that asks to look ("look", "see", "this", "picture"; "看", "这", "图片"; configurable) or
 * follows the "look" command. Other follow-ups are text-only and use the picture in the KV cache,
 * which saves the encoder run and the picture's prefill.
 */
public final class PicturePolicy {
    public static final List<String> DEFAULT_WORDS = List.of("look", "see", "this", "these", "picture", "camera",
            "看", "这", "图片", "照片");
    private final List<String> words;

    public PicturePolicy(List<String> words) {
        this.words = words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
    }

    public PicturePolicy() {
        this(DEFAULT_WORDS);
    }

    public boolean wantsPicture(String question, boolean pictureInConversation, boolean lookCommand) {
        if (!pictureInConversation || lookCommand) {
            return true;
        }
        String q = question.toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (w.codePoints().anyMatch(Character::isIdeographic) ? q.contains(w) : q.matches("(?s).*\\b" + w + "\\b.*")) {
                return true;
            }
        }
        return false;
    }
}
