package dev.benchmate.bindings.rkllm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a librkllmrt.so file says about its own release, read from its bytes without loading it
 * (loading it and calling rkllm_init with the wrong ABI is what crashes). The runtime prints
 * {@code rkllm-runtime version: X.Y.Z, rknpu driver version: …} when a model loads, so that text, or
 * its format string beside a version string, is in the file:
 * <ol>
 * <li>{@code rkllm-runtime version: X.Y.Z} written out: that version;</li>
 * <li>else, when the file has the words {@code rkllm-runtime version}: the printable strings that
 * are a version alone ({@code 1.2.3}, {@code v1.2.1b1}) of the 1.2 or 1.3 series, when they all
 * name the same series;</li>
 * <li>else nothing: the caller must not guess.</li>
 * </ol>
 */
public final class RkllmVersionText {
    private static final Pattern WRITTEN = Pattern.compile("rkllm-runtime version:?\\s*v?(\\d+)\\.(\\d+)\\.(\\d+\\w*)");
    private static final Pattern ALONE = Pattern.compile("v?(1)\\.([23])\\.(\\d+(?:b\\d+)?)");

    /** What was read: the version, the ABI it implies (empty for a release Benchmate has no binding for), and the text. */
    public record Found(String version, Optional<RkllmApi> api, String text) {
    }

    private RkllmVersionText() {
    }

    /** @throws IOException when the file cannot be read */
    public static Optional<Found> read(Path file) throws IOException {
        Set<String> strings = printableStrings(file);
        boolean words = false;
        for (String s : strings) {
            Matcher m = WRITTEN.matcher(s);
            if (m.find()) {
                String version = m.group(1) + "." + m.group(2) + "." + m.group(3);
                return Optional.of(new Found(version, api(m.group(1), m.group(2)), m.group()));
            }
            words |= s.contains("rkllm-runtime version");
        }
        if (!words) {
            return Optional.empty();
        }
        Set<String> series = new LinkedHashSet<>();
        String version = null;
        for (String s : strings) {
            Matcher m = ALONE.matcher(s.trim());
            if (m.matches()) {
                series.add(m.group(2));
                version = m.group(1) + "." + m.group(2) + "." + m.group(3);
            }
        }
        if (series.size() != 1) {
            return Optional.empty();
        }
        return Optional.of(new Found(version, api("1", series.iterator().next()),
                "rkllm-runtime version … " + version));
    }

    private static Optional<RkllmApi> api(String major, String minor) {
        if (!major.equals("1")) {
            return Optional.empty();
        }
        return switch (minor) {
            case "2" -> Optional.of(RkllmApi.V1_2);
            case "3" -> Optional.of(RkllmApi.V1_3);
            default -> Optional.empty();
        };
    }

    /** The runs of at least 4 printable ASCII characters, as {@code strings} prints them. */
    static Set<String> printableStrings(Path file) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        StringBuilder run = new StringBuilder();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    int b = buf[i] & 0xFF;
                    if (b >= 0x20 && b < 0x7F || b == '\t') {
                        if (run.length() < 4096) {
                            run.append((char) b);
                        }
                    } else {
                        if (run.length() >= 4) {
                            out.add(run.toString());
                        }
                        run.setLength(0);
                    }
                }
            }
        }
        if (run.length() >= 4) {
            out.add(run.toString());
        }
        return out;
    }
}
