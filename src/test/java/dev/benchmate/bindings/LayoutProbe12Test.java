package dev.benchmate.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Structure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's own 1.2.x header (native/include/bm_rkllm12.h, which the simulator's 1.2.x build is
 * compiled against) laid out by gcc (native/probe/layout_probe12.c) against bindings.rkllm.v12, as
 * LayoutProbeTest does for the 1.3.x header. VendorAbiLayoutTest checks the bindings against the
 * vendor's own facts.
 */
class LayoutProbe12Test {
    @Test
    void theV12BindingsMatchTheProjectsOwnHeader(@TempDir Path dir) throws Exception {
        Path source = Path.of(System.getProperty("benchmate.source.dir", ".")).resolve("native");
        Path exe = dir.resolve("layout_probe12");
        Process cc = new ProcessBuilder("gcc", "-std=c11", "-Wall", "-Werror", "-I", source.resolve("include").toString(),
                source.resolve("probe/layout_probe12.c").toString(), "-o", exe.toString()).redirectErrorStream(true)
                .start();
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, "probe did not compile:\n" + ccOut);
        Process probe = new ProcessBuilder(exe.toString()).start();
        List<String> lines = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, probe.waitFor());
        List<String> wrong = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            Structure java = (Structure) Class.forName("dev.benchmate.bindings.rkllm.v12." + f[1])
                    .getDeclaredConstructor().newInstance();
            long actual = f[0].equals("SIZE") ? java.size() : LayoutProbeTest.fieldOffset(java, f[2]);
            long expected = Long.parseLong(f[f.length - 1]);
            if (actual != expected) {
                wrong.add(line + " but Java " + actual);
            }
        }
        assertTrue(lines.size() >= 30, "the probe printed the structs: " + lines.size());
        assertTrue(wrong.isEmpty(), "mismatches: " + wrong);
    }
}
