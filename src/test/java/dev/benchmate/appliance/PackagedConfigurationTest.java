package dev.benchmate.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged /etc/benchmate/application.properties (src/deb/files) against the application's own
 * (src/main/resources), the one place defaults live: it sets the board's model paths under
 * /var/lib/benchmate/models and shows every other Benchmate key commented out with its default.
 */
class PackagedConfigurationTest {
    private static final Path PACKAGED = DebPackages.sourceDir().resolve("src/deb/files/application.properties");
    private static final Path REFERENCE = DebPackages.sourceDir().resolve("src/main/resources/application.properties");
    private static final Map<String, String> BOARD = Map.of(
            "benchmate.llm.model", "/var/lib/benchmate/models/qwen2.5-vl-3b-w4a16_level1_rk3576.rkllm",
            "benchmate.vision.model", "/var/lib/benchmate/models/qwen2_5_vl_3b_vision_rk3576.rknn",
            "benchmate.transcribing.model", "/var/lib/benchmate/models/ggml-tiny-q8_0.bin",
            "benchmate.listening.vosk-model", "/var/lib/benchmate/models/vosk-model-small-en-us-0.15");

    /** key -> value of the lines "key=value" (set) or "#key=value" (shown commented out). */
    private static Map<String, String> keys(List<String> lines, boolean commented) {
        Map<String, String> found = new LinkedHashMap<>();
        for (String line : lines) {
            String l = commented ? (line.startsWith("#benchmate.") ? line.substring(1) : "") : line;
            if (l.startsWith("benchmate.") && l.contains("=")) {
                found.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
            }
        }
        return found;
    }

    @Test
    void theBoardsModelsAreSetAndEveryOtherKeyShownWithItsDefault() throws Exception {
        List<String> packaged = Files.readAllLines(PACKAGED);
        List<String> reference = Files.readAllLines(REFERENCE);
        Map<String, String> set = keys(packaged, false);
        Map<String, String> shown = keys(packaged, true);
        assertEquals(BOARD, set, "the keys the packaged configuration sets");
        Map<String, String> all = new LinkedHashMap<>(keys(reference, false));
        all.putAll(keys(reference, true));
        for (Map.Entry<String, String> e : all.entrySet()) {
            if (BOARD.containsKey(e.getKey())) {
                continue;
            }
            if (e.getKey().equals("benchmate.listening.vosk-library")) {
                // per architecture: set on arm64, commented out on amd64 (stage.xml fills it in)
                assertTrue(packaged.contains("@VOSK_LIBRARY@"), "the vosk-library line is filled in per architecture");
                continue;
            }
            assertTrue(shown.containsKey(e.getKey()), e.getKey() + " is shown in " + PACKAGED);
            assertEquals(e.getValue(), shown.get(e.getKey()), e.getKey() + "'s default");
        }
        for (String key : shown.keySet()) {
            assertTrue(all.containsKey(key), key + " is a key Benchmate reads");
        }
        assertTrue(packaged.contains("config_ordinal=260"), "the file ranks between the defaults and the environment");
    }
}
