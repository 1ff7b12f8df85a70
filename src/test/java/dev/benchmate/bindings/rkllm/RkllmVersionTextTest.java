package dev.benchmate.bindings.rkllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What rkllm-api=auto reads from a library file's bytes, and when it must not guess. */
class RkllmVersionTextTest {
    @TempDir
    Path dir;

    Path file(String... strings) throws IOException {
        StringBuilder b = new StringBuilder("\u007fELF\u0002\u0001\u0001");
        for (String s : strings) {
            b.append('\0').append(s).append('\0').append('\u0001');
        }
        Path f = dir.resolve("librkllmrt.so");
        Files.write(f, b.toString().getBytes(StandardCharsets.ISO_8859_1));
        return f;
    }

    @Test
    void theVersionLineWrittenOutDecides() throws IOException {
        var found = RkllmVersionText.read(file("rkllm-runtime version: 1.2.3, rknpu driver version: 0.9.8")).orElseThrow();
        assertEquals("1.2.3", found.version());
        assertEquals(Optional.of(RkllmApi.V1_2), found.api());
        found = RkllmVersionText.read(file("xx rkllm-runtime version: 1.3.0 yy")).orElseThrow();
        assertEquals(Optional.of(RkllmApi.V1_3), found.api());
    }

    @Test
    void theFormatStringBesideOneLoneVersionDecides() throws IOException {
        var found = RkllmVersionText.read(file("rkllm-runtime version: %s, rknpu driver version: %s", "1.2.1b1",
                "GLIBC_2.17")).orElseThrow();
        assertEquals(Optional.of(RkllmApi.V1_2), found.api());
        assertEquals("1.2.1b1", found.version());
    }

    @Test
    void nothingOrContradictionsDecideNothing() throws IOException {
        assertTrue(RkllmVersionText.read(file("no version here", "1.2.3")).isEmpty(),
                "a lone version without the runtime's words is not enough");
        assertTrue(RkllmVersionText.read(file("rkllm-runtime version: %s", "1.2.3", "1.3.0")).isEmpty(),
                "two series: cannot tell");
        assertTrue(RkllmVersionText.read(file("rkllm-runtime version: %s")).isEmpty());
    }

    @Test
    void twoReleasesWrittenOutOrABundledLibrarysVersionBesideTheRuntimesDecideNothing() throws IOException {
        assertTrue(RkllmVersionText.read(file("rkllm-runtime version: 1.2.3", "rkllm-runtime version: 1.3.0"))
                .isEmpty(), "two releases named: no guess");
        assertTrue(RkllmVersionText.read(file("rkllm-runtime version: %s", "1.3.0", "1.2.13")).isEmpty(),
                "a zlib 1.2.13 beside the runtime's 1.3.0: no guess");
        assertTrue(RkllmVersionText.read(file("rkllm-runtime version: %s", "1.2.1", "1.2.3")).isEmpty(),
                "two candidates of one series are still two candidates");
    }

    @Test
    void anOlderReleaseIsNamedButHasNoAbi() throws IOException {
        var found = RkllmVersionText.read(file("rkllm-runtime version: 1.1.4")).orElseThrow();
        assertEquals("1.1.4", found.version());
        assertTrue(found.api().isEmpty());
    }

    @Test
    void theSettingIsParsedStrictly() {
        assertEquals(RkllmApi.V1_2, RkllmApi.parse(" 1.2 ", "k"));
        assertEquals(RkllmApi.AUTO, RkllmApi.parse("AUTO", "k"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RkllmApi.parse("1.4", "benchmate.npu.rkllm-api"));
        assertTrue(e.getMessage().contains("benchmate.npu.rkllm-api"), e.getMessage());
    }
}
