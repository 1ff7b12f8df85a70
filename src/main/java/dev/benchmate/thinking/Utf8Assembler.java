package dev.benchmate.thinking;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Joins the byte pieces the runtime delivers into whole characters. RKLLM may cut a multi-byte
 * UTF-8 character across callbacks (state RKLLM_RUN_WAITING); only complete characters leave here.
 */
public final class Utf8Assembler {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** Adds bytes and returns the text that is now complete (possibly empty). */
    public String accept(byte[] bytes) {
        pending.write(bytes, 0, bytes.length);
        byte[] all = pending.toByteArray();
        int complete = completePrefix(all);
        pending.reset();
        pending.write(all, complete, all.length - complete);
        return new String(all, 0, complete, StandardCharsets.UTF_8);
    }

    /** Whatever is left at the end of a run: an incomplete character becomes U+FFFD. */
    public String flush() {
        byte[] rest = pending.toByteArray();
        pending.reset();
        return new String(rest, StandardCharsets.UTF_8);
    }

    /** Length of the longest prefix that does not end inside a character. */
    static int completePrefix(byte[] b) {
        int n = b.length;
        // Walk back over at most three continuation bytes to the lead byte of the last character.
        int i = n - 1;
        int back = 0;
        while (i >= 0 && back < 3 && (b[i] & 0xC0) == 0x80) {
            i--;
            back++;
        }
        if (i < 0) {
            return n;
        }
        int lead = b[i] & 0xFF;
        int needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return (n - i) < needed ? i : n;
    }
}
