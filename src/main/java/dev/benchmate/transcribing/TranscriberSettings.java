package dev.benchmate.transcribing;

import java.util.Optional;
import java.util.Set;

/**
 * @param language "auto" or one of Whisper's language codes ("en", "zh", …)
 * @param threads CPU threads for whisper.cpp (the board's big cores)
 * @param initialPrompt text that primes the vocabulary ("resistor, capacitor, solder, …")
 * @param sizedWindow encode only the audio there is, with a margin ({@link AudioWindow}), instead of
 *                    Whisper's full 30 s window
 */
public record TranscriberSettings(String language, int threads, Optional<String> initialPrompt,
                                  boolean sizedWindow) {
    public static final TranscriberSettings DEFAULTS = new TranscriberSettings("auto", 4, Optional.empty(), true);

    public TranscriberSettings(String language, int threads, Optional<String> initialPrompt) {
        this(language, threads, initialPrompt, true);
    }

    /** The same with the window sized (true) or full (false). */
    public TranscriberSettings withSizedWindow(boolean sized) {
        return new TranscriberSettings(language, threads, initialPrompt, sized);
    }

    /** Whisper's languages; whisper.cpp quietly ignores a code it does not know, so it is checked here. */
    static final Set<String> LANGUAGES = Set.of("en", "zh", "de", "es", "ru", "ko", "fr", "ja", "pt", "tr", "pl",
            "ca", "nl", "ar", "sv", "it", "id", "hi", "fi", "vi", "he", "uk", "el", "ms", "cs", "ro", "da", "hu",
            "ta", "no", "th", "ur", "hr", "bg", "lt", "la", "mi", "ml", "cy", "sk", "te", "fa", "lv", "bn", "sr",
            "az", "sl", "kn", "et", "mk", "br", "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw", "gl", "mr",
            "pa", "si", "km", "sn", "yo", "so", "af", "oc", "ka", "be", "tg", "sd", "gu", "am", "yi", "lo", "uz",
            "fo", "ht", "ps", "tk", "nn", "mt", "sa", "lb", "my", "bo", "tl", "mg", "as", "tt", "haw", "ln", "ha",
            "ba", "jw", "su", "yue");

    public TranscriberSettings {
        if (!language.equals("auto") && !LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("unknown Whisper language '" + language
                    + "' (auto, en, zh, or another Whisper language code)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("Whisper needs at least one thread, got " + threads);
        }
    }
}
