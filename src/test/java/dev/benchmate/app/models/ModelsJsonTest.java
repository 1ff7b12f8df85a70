package dev.benchmate.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manifest's JSON reader. */
class ModelsJsonTest {
    @Test
    void readsEveryKindOfValue() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "a \"q\" \\ / \u00e9 \u4f60\n");
        expected.put("n", 43537433L);
        expected.put("neg", -2L);
        expected.put("f", 1.5e3);
        expected.put("t", true);
        expected.put("no", false);
        expected.put("nil", null);
        expected.put("list", Arrays.asList(1L, "two", null, List.of(), Map.of()));
        assertEquals(expected, Json.parse(" {\"s\": \"a \\\"q\\\" \\\\ \\/ \u00e9 \\u4f60\\n\", \"n\": 43537433, "
                + "\"neg\": -2, \"f\": 1.5e3, \"t\": true, \"no\": false, \"nil\": null,\n"
                + " \"list\": [1, \"two\", null, [], {}]} "));
    }

    @Test
    void aMistakeIsNamedWithItsLineAndColumn() {
        assertEquals("not valid JSON at line 2, column 9: expected ',' or '}'",
                assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1,\n \"b\": 2 \"c\": 3}"))
                        .getMessage());
        assertEquals("not valid JSON at line 1, column 7: unexpected '}'",
                assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": }")).getMessage());
        assertEquals("not valid JSON at line 1, column 10: unexpected text after the end",
                assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1} x")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1, \"a\": 2}"))
                .getMessage().endsWith(": \"a\" appears twice"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("\"unterminated"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("01"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[tru]"));
    }
}
