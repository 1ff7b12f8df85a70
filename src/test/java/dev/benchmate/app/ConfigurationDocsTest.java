package dev.benchmate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The settings a person can use are the same three times: the keys Benchmate reads, the keys
 * application.properties lists (with their defaults), and the README's configuration table; and
 * every key a message names exists.
 */
class ConfigurationDocsTest {
    static final Path SOURCE = Path.of(System.getProperty("benchmate.source.dir", "."));

    /** The keys BenchmateConfig reads, e.g. benchmate.llm.max-new-tokens. */
    static Set<String> keysRead() {
        Set<String> keys = new TreeSet<>();
        collect(BenchmateConfig.class, "benchmate", keys);
        return keys;
    }

    private static void collect(Class<?> type, String prefix, Set<String> keys) {
        for (Method m : type.getDeclaredMethods()) {
            String key = prefix + "." + m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            Class<?> r = m.getReturnType();
            if (r.isInterface() && r.getEnclosingClass() == BenchmateConfig.class) {
                collect(r, key, keys);
            } else {
                keys.add(key);
            }
        }
    }

    static Set<String> propertiesKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^#?(benchmate\\.[a-z0-9.-]+)=").matcher(Files.readString(
                SOURCE.resolve("src/main/resources/application.properties")));
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    static Set<String> readmeKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        Pattern name = Pattern.compile("`([a-z0-9.-]+)`");
        for (String line : Files.readAllLines(SOURCE.resolve("README.md"))) {
            if (!line.startsWith("| `benchmate.")) {
                continue;
            }
            String cell = line.substring(1, line.indexOf('|', 1));
            Matcher m = name.matcher(cell);
            String parent = null;
            while (m.find()) {
                String n = m.group(1);
                if (n.startsWith("benchmate.")) {
                    keys.add(n);
                    parent = n.substring(0, n.lastIndexOf('.'));
                } else {
                    keys.add(parent + "." + n);
                }
            }
        }
        return keys;
    }

    @Test
    void applicationPropertiesListsEveryKeyBenchmateReads() throws IOException {
        assertEquals(keysRead(), propertiesKeys());
    }

    @Test
    void theReadmeTableListsEveryKeyBenchmateReads() throws IOException {
        assertEquals(keysRead(), readmeKeys());
    }

    @Test
    void everyKeyAMessageNamesExists() throws IOException {
        Set<String> keys = keysRead();
        Set<String> named = new TreeSet<>();
        Pattern key = Pattern.compile("\"[^\"]*?(benchmate\\.(npu|llm|vision|camera|listening|transcribing|speaking"
                + "|conversation|turns|state|remote|brain)[a-z0-9.-]*[a-z0-9])");
        try (Stream<Path> files = Files.walk(SOURCE.resolve("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = key.matcher(Files.readString(f));
                while (m.find()) {
                    named.add(m.group(1));
                }
            }
        }
        named.removeIf(n -> n.endsWith(".") || keys.stream().anyMatch(k -> k.startsWith(n + ".")));
        assertTrue(named.size() > 20, "messages name keys: " + named);
        named.removeAll(keys);
        assertEquals(Set.of(), named, "messages name keys that do not exist");
    }
}
