package dev.benchmate.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Structure;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles native/probe/layout_probe.c against the C declarations (native/include) with this
 * machine's gcc, runs it, and checks that every JNA structure has the same size and every field
 * the same offset as the C compiler lays out. A wrong field type or order in a binding fails here
 * instead of corrupting memory on a board.
 */
class LayoutProbeTest {
    static final List<String> PACKAGES = List.of("dev.benchmate.bindings.rkllm.", "dev.benchmate.bindings.rknn.");
    static final Map<String, Long> sizes = new HashMap<>();
    static final Map<String, Map<String, Long>> offsets = new HashMap<>();
    static final Map<String, Long> unionMembers = new HashMap<>();

    @BeforeAll
    static void runProbe(@TempDir Path dir) throws IOException, InterruptedException {
        Path source = Path.of(System.getProperty("benchmate.source.dir", ".")).resolve("native");
        Path exe = dir.resolve("layout_probe");
        Process cc = new ProcessBuilder("gcc", "-std=c11", "-Wall", "-Werror", "-I", source.resolve("include").toString(),
                source.resolve("probe/layout_probe.c").toString(), "-o", exe.toString()).redirectErrorStream(true).start();
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, "probe did not compile:\n" + ccOut);
        Process probe = new ProcessBuilder(exe.toString()).start();
        List<String> lines = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, probe.waitFor());
        for (String line : lines) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "SIZE" -> sizes.put(f[1], Long.parseLong(f[2]));
                case "OFFSET" -> offsets.computeIfAbsent(f[1], k -> new HashMap<>()).put(f[2], Long.parseLong(f[3]));
                case "UNION" -> unionMembers.put(f[2], Long.parseLong(f[3]));
                default -> throw new IllegalStateException("unexpected probe line: " + line);
            }
        }
    }

    static Structure instance(String simpleName) throws ReflectiveOperationException {
        for (String pkg : PACKAGES) {
            try {
                return (Structure) Class.forName(pkg + simpleName).getDeclaredConstructor().newInstance();
            } catch (ClassNotFoundException e) {
                // try the next package
            }
        }
        throw new ClassNotFoundException(simpleName);
    }

    static long fieldOffset(Structure s, String field) throws ReflectiveOperationException {
        Method m = Structure.class.getDeclaredMethod("fieldOffset", String.class);
        m.setAccessible(true);
        return ((Number) m.invoke(s, field)).longValue();
    }

    @SuppressWarnings("unchecked")
    static List<String> fieldOrder(Structure s) throws ReflectiveOperationException {
        Method m = Structure.class.getDeclaredMethod("getFieldOrder");
        m.setAccessible(true);
        return (List<String>) m.invoke(s);
    }

    @Test
    void everyStructureHasTheCSize() throws ReflectiveOperationException {
        List<String> wrong = new ArrayList<>();
        for (var e : sizes.entrySet()) {
            int javaSize = instance(e.getKey()).size();
            if (javaSize != e.getValue()) {
                wrong.add(e.getKey() + ": C " + e.getValue() + ", Java " + javaSize);
            }
        }
        assertTrue(wrong.isEmpty(), "size mismatches: " + wrong);
        assertTrue(sizes.size() >= 29, "the probe covers every struct: " + sizes.keySet());
    }

    @Test
    void everyFieldHasTheCOffset() throws ReflectiveOperationException {
        List<String> wrong = new ArrayList<>();
        for (var s : offsets.entrySet()) {
            Structure java = instance(s.getKey());
            Set<String> javaFields = new TreeSet<>(fieldOrder(java));
            assertEquals(javaFields, new TreeSet<>(s.getValue().keySet()), s.getKey() + " has the C fields");
            for (var f : s.getValue().entrySet()) {
                long javaOffset = fieldOffset(java, f.getKey());
                if (javaOffset != f.getValue()) {
                    wrong.add(s.getKey() + "." + f.getKey() + ": C " + f.getValue() + ", Java " + javaOffset);
                }
            }
        }
        assertTrue(wrong.isEmpty(), "offset mismatches: " + wrong);
    }

    @Test
    void everyUnionMemberStartsWhereTheUnionDoes() throws ReflectiveOperationException {
        long union = offsets.get("RKLLMInput").get("input");
        for (var m : unionMembers.entrySet()) {
            assertEquals(union, m.getValue(), m.getKey());
        }
        Structure u = instance("RKLLMInputUnion");
        assertEquals(sizes.get("RKLLMInputUnion"), (long) u.size());
        for (String member : fieldOrder(u)) {
            assertEquals(0, fieldOffset(u, member), member);
        }
    }
}
