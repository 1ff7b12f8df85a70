package dev.benchmate.thinking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Utf8AssemblerTest {
    @Test
    void everySplitOfMixedTextReassemblesExactly() {
        String text = "Volt 3.5 V — 电阻是红色的 🔧 ok";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < bytes.length; cut++) {
            Utf8Assembler a = new Utf8Assembler();
            String first = a.accept(Arrays.copyOfRange(bytes, 0, cut));
            String second = a.accept(Arrays.copyOfRange(bytes, cut, bytes.length));
            assertEquals(text, first + second + a.flush(), "cut at byte " + cut);
            assertEquals(-1, (first + second).indexOf('\uFFFD'), "cut at byte " + cut);
        }
    }

    @Test
    void byteByByteDeliveryEmitsOnlyWholeCharacters() {
        String text = "模拟回答";
        Utf8Assembler a = new Utf8Assembler();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            seen.write(b);
            String piece = a.accept(new byte[] {b});
            out.append(piece);
            assertEquals(out.toString().getBytes(StandardCharsets.UTF_8).length % 3, 0);
        }
        assertEquals(text, out.toString());
    }

    @Test
    void aDanglingPieceAtTheEndBecomesAReplacementCharacter() {
        Utf8Assembler a = new Utf8Assembler();
        assertEquals("ok", a.accept(new byte[] {'o', 'k', (byte) 0xE6}));
        assertEquals("\uFFFD", a.flush());
    }
}
