package dev.benchmate.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Structure;
import com.sun.jna.Union;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every JNA struct of each RKLLM ABI (and RKNN's) against the facts recorded from the vendor's own
 * headers in ../shared/abi (README there): the size of each struct, the offset of every field (a
 * nested struct's fields and a union's members at their place in the outer struct), and the values
 * of the enums. 1.3.0 is checked against {@code bindings.rkllm}, 1.2.3 against
 * {@code bindings.rkllm.v12} for the structs that release lays out differently and
 * {@code bindings.rkllm} for the ones both share. Unlike LayoutProbeTest (the project's own headers
 * compiled with gcc), a mistake copied into both the header and the binding cannot pass here.
 */
class VendorAbiLayoutTest {
    static final Path ABI = Path.of(System.getProperty("benchmate.source.dir", ".")).resolve("../shared/abi")
            .normalize();

    /** Where a vendor struct's binding lives, per release: the release's own package first. */
    static List<String> packages(String release) {
        return release.equals("1.2.3")
                ? List.of("dev.benchmate.bindings.rkllm.v12.", "dev.benchmate.bindings.rkllm.", "dev.benchmate.bindings.rknn.")
                : List.of("dev.benchmate.bindings.rkllm.", "dev.benchmate.bindings.rknn.");
    }

    /** rknn_tensor_attr → RknnTensorAttr; RKLLM names are the class names. */
    static String javaName(String cName) {
        if (!cName.startsWith("rknn_")) {
            return cName;
        }
        StringBuilder b = new StringBuilder();
        for (String part : cName.split("_")) {
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }

    static Class<?> binding(String release, String cName) {
        for (String pkg : packages(release)) {
            try {
                return Class.forName(pkg + javaName(cName));
            } catch (ClassNotFoundException e) {
                // the next package
            }
        }
        throw new AssertionError("no JNA binding for " + cName + " of release " + release + " (looked in "
                + packages(release) + ")");
    }

    static Structure instance(Class<?> type) throws ReflectiveOperationException {
        return (Structure) type.getDeclaredConstructor().newInstance();
    }

    static int fieldOffset(Structure s, String field) throws ReflectiveOperationException {
        Method m = Structure.class.getDeclaredMethod("fieldOffset", String.class);
        m.setAccessible(true);
        return ((Number) m.invoke(s, field)).intValue();
    }

    @SuppressWarnings("unchecked")
    static List<String> fieldOrder(Structure s) throws ReflectiveOperationException {
        Method m = Structure.class.getDeclaredMethod("getFieldOrder");
        m.setAccessible(true);
        return (List<String>) m.invoke(s);
    }

    /**
     * The offset of a C field path (e.g. "image.image_embed") in a JNA struct, or -1 when it has no
     * such field. A C member of an anonymous union is found inside the Java union field that holds it.
     */
    static int offset(Structure s, String path) throws ReflectiveOperationException {
        int dot = path.indexOf('.');
        String head = dot < 0 ? path : path.substring(0, dot);
        List<String> order = fieldOrder(s);
        if (order.contains(head)) {
            int here = fieldOffset(s, head);
            if (dot < 0) {
                return here;
            }
            Object inner = s.getClass().getField(head).get(s);
            if (!(inner instanceof Structure nested)) {
                return -1;
            }
            int rest = offset(nested, path.substring(dot + 1));
            return rest < 0 ? -1 : here + rest;
        }
        for (String f : order) { // an anonymous union's member
            Object inner = s.getClass().getField(f).get(s);
            if (inner instanceof Union u && fieldOrder(u).contains(head)) {
                int rest = offset(u, path);
                return rest < 0 ? -1 : fieldOffset(s, f) + rest;
            }
        }
        return -1;
    }

    static int size(Structure s, String path) throws ReflectiveOperationException {
        Structure nested = s;
        for (String part : path.split("\\.")) {
            nested = (Structure) nested.getClass().getField(part).get(nested);
        }
        return nested.size();
    }

    static List<String> lines(String release) throws IOException {
        Path file = ABI.resolve("rkllm-rknn-" + release + ".layout");
        assumeTrue(Files.isRegularFile(file), "skipped: " + file + " is absent (the vendor ABI facts folder "
                + "../shared/abi is not beside this checkout)");
        return Files.readAllLines(file);
    }

    @ParameterizedTest(name = "RKLLM {0}")
    @ValueSource(strings = {"1.3.0", "1.2.3"})
    void everyStructHasTheVendorsSizeAndEveryFieldItsOffset(String release) throws Exception {
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> checked = new LinkedHashMap<>();
        for (String line : lines(release)) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 3 || !(f[1].equals("size") || f[1].equals("offset"))) {
                continue;
            }
            int dot = f[0].indexOf('.');
            String struct = dot < 0 ? f[0] : f[0].substring(0, dot);
            String path = dot < 0 ? null : f[0].substring(dot + 1);
            int expected = Integer.parseInt(f[2]);
            Structure java = instance(binding(release, struct));
            int actual = path == null ? java.size()
                    : f[1].equals("size") ? size(java, path) : offset(java, path);
            checked.merge(java.getClass().getName(), 1, Integer::sum);
            if (actual != expected) {
                wrong.add(f[0] + " " + f[1] + ": vendor " + expected + ", " + java.getClass().getName() + " "
                        + (actual < 0 ? "has no such field" : actual));
            }
        }
        assertTrue(wrong.isEmpty(), "RKLLM " + release + " layout mismatches: " + wrong);
        long structs = lines(release).stream().map(l -> l.trim().split("\\s+"))
                .filter(f -> f.length == 3 && f[1].equals("size") && !f[0].contains(".")).count();
        assertTrue(structs >= 20, "the facts list the structs: " + structs);
        assertEquals(structs, checked.size(), "every struct was checked: " + checked.keySet());
        if (release.equals("1.2.3")) {
            for (String v12 : List.of("RKLLMParam", "RKLLMMultiModalInput", "RKLLMInput", "RKLLMInferParam")) {
                assertTrue(checked.containsKey("dev.benchmate.bindings.rkllm.v12." + v12),
                        "1.2.3's " + v12 + " is checked against its own binding: " + checked.keySet());
            }
        }
    }

    @ParameterizedTest(name = "RKLLM {0}")
    @ValueSource(strings = {"1.3.0", "1.2.3"})
    void everyJavaFieldOfTheseStructsIsOneTheVendorLaysOut(String release) throws Exception {
        // The other direction: a Java field the vendor's struct does not have would shift nothing
        // the check above sees when it comes last, but the struct would then be too big; sizes catch
        // that. This checks that no struct of the release's own package is left unchecked.
        List<String> structs = lines(release).stream().map(l -> l.trim().split("\\s+"))
                .filter(f -> f.length == 3 && f[1].equals("size") && !f[0].contains(".")).map(f -> f[0]).toList();
        if (release.equals("1.2.3")) {
            for (String name : List.of("RKLLMParam", "RKLLMMultiModalInput", "RKLLMInput", "RKLLMInferParam")) {
                assertTrue(structs.contains(name), name + " is in the 1.2.3 facts");
            }
        }
        for (String s : structs) {
            Structure java = instance(binding(release, s));
            for (String field : fieldOrder(java)) {
                boolean inFacts = lines(release).stream().anyMatch(l -> l.startsWith(s + "." + field + " "));
                boolean union = java.getClass().getField(field).get(java) instanceof Union;
                assertTrue(inFacts || union, javaName(s) + "." + field + " (" + release + ") is not in the vendor's struct");
            }
        }
    }

    /** enum NAME A=0 B=1 …: each value the Java code names is the vendor's. */
    @ParameterizedTest(name = "RKLLM {0}")
    @ValueSource(strings = {"1.3.0", "1.2.3"})
    void enumValuesAreTheVendors(String release) throws Exception {
        Map<String, String[]> where = Map.of(
                "LLMCallState", new String[] {"dev.benchmate.bindings.rkllm.LLMCallState", "RKLLM_RUN_"},
                "RKLLMInputType", new String[] {"dev.benchmate.bindings.rkllm.RKLLMInputType", "RKLLM_INPUT_"},
                "RKLLMInferMode", new String[] {"dev.benchmate.bindings.rkllm.RKLLMInferMode", "RKLLM_INFER_"},
                "RKNN_QUERY", new String[] {"dev.benchmate.bindings.rknn.RknnConstants", "RKNN_QUERY_"},
                "RKNN_TENSOR", new String[] {"dev.benchmate.bindings.rknn.RknnConstants", "RKNN_TENSOR_"},
                "RKNN_FMT", new String[] {"dev.benchmate.bindings.rknn.RknnConstants", "RKNN_TENSOR_"},
                "RKNN_QNT", new String[] {"dev.benchmate.bindings.rknn.RknnConstants", "RKNN_TENSOR_QNT_"},
                "RKNN_CORE", new String[] {"dev.benchmate.bindings.rknn.RknnConstants", "RKNN_NPU_CORE_"});
        List<String> wrong = new ArrayList<>();
        int compared = 0;
        for (String line : lines(release)) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 3 || !f[0].equals("enum")) {
                continue;
            }
            String[] w = where.get(f[1].contains("=") ? f[1].substring(0, f[1].lastIndexOf('_')) : f[1]);
            int first = 2;
            if (f[1].contains("=")) { // "enum RKNN_QUERY_IN_OUT_NUM=0 ...": the enum's name is a prefix
                w = where.get(f[1].startsWith("RKNN_QUERY") ? "RKNN_QUERY" : f[1]);
                first = 1;
                f[1] = f[1].substring("RKNN_QUERY_".length());
            }
            assertTrue(w != null, "a known enum: " + line);
            Class<?> type = Class.forName(w[0]);
            boolean rkllm = w[0].contains(".rkllm.");
            for (int i = first; i < f.length; i++) {
                String name = f[i].substring(0, f[i].indexOf('='));
                long value = Long.parseLong(f[i].substring(f[i].indexOf('=') + 1));
                Field java = find(type, w[1], name);
                if (java == null) {
                    if (rkllm) {
                        wrong.add(f[1] + "." + name + " has no Java constant in " + type.getSimpleName());
                    }
                    continue; // an RKNN value Benchmate does not use
                }
                compared++;
                if (java.getLong(null) != value) {
                    wrong.add(java.getName() + " = " + java.getLong(null) + ", vendor " + value);
                }
            }
        }
        assertTrue(wrong.isEmpty(), "enum mismatches: " + wrong);
        assertTrue(compared >= 20, "values compared: " + compared);
    }

    /** PREFIX + NAME exactly, else the one constant that ends with _NAME (RKLLM_INFER_GET_LAST_HIDDEN_LAYER for HIDDEN). */
    static Field find(Class<?> type, String prefix, String name) {
        Field hit = null;
        for (Field f : type.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || !(f.getType() == int.class || f.getType() == long.class)) {
                continue;
            }
            if (f.getName().equals(prefix + name)) {
                return f;
            }
            String rest = f.getName().toUpperCase(Locale.ROOT);
            if (rest.startsWith(prefix) && (rest.endsWith("_" + name) || rest.contains("_" + name + "_"))) {
                hit = f;
            }
        }
        return hit;
    }
}
