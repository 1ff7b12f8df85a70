package dev.benchmate.thinking;

/**
 * Estimates, before a run, how many tokens a text will take in the KV cache. RKLLM has no
 * tokenizer call, so this errs high on purpose: under-counting would let the runtime overflow
 * max_context_len and forget silently. The rule follows Qwen's BPE: a special {@code <|…|>}
 * tag is one token, digits are one token each, a run of letters is at most one token per four
 * letters, a CJK character one token, other non-ASCII characters two, punctuation and line
 * breaks one. After each run the runtime's own prefill count may raise (never lower) the scale.
 */
public final class TokenEstimator {
    private static final double MAX_SCALE = 4.0;
    private volatile double scale = 1.0;

    public int estimate(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return (int) Math.ceil(rawCount(text) * scale);
    }

    /** Tokens of a picture: its image tokens plus the start and end tags. */
    public int estimatePicture(int imageTokens) {
        return imageTokens + 2;
    }

    /**
     * Learns from a run: the runtime reported {@code actualTokens} where {@code estimatedTokens}
     * were expected. Only a higher ratio is kept, so the estimate stays an upper bound.
     */
    public void calibrate(int estimatedTokens, int actualTokens) {
        if (estimatedTokens <= 0 || actualTokens <= estimatedTokens) {
            return;
        }
        double ratio = scale * actualTokens / estimatedTokens;
        scale = Math.min(MAX_SCALE, Math.max(scale, ratio));
    }

    public double scale() {
        return scale;
    }

    static int rawCount(String text) {
        int count = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            if (cp == '<' && text.startsWith("<|", i)) {
                int end = text.indexOf("|>", i + 2);
                if (end > 0) {
                    count++;
                    i = end + 2;
                    continue;
                }
            }
            if (cp == '\n') {
                count++;
            } else if (Character.isWhitespace(cp)) {
                // a space is folded into the next word's token
            } else if (cp < 128 && Character.isLetter(cp)) {
                int start = i;
                while (i < n && text.charAt(i) < 128 && Character.isLetter(text.charAt(i))) {
                    i++;
                }
                count += (i - start + 3) / 4;
                continue;
            } else if (cp < 128) {
                count++; // a digit or punctuation
            } else if (isCjk(cp)) {
                count++;
            } else {
                count += 2;
            }
            i += width;
        }
        return count;
    }

    static boolean isCjk(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
                || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF);
    }
}
