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
 * <li>{@code rkllm-runtime version: X.Y.Z} written out: that version (when the file names two
 * releases that way, nothing: no guess);</li>
 * <li>else, when the file has the words {@code rkllm-runtime version}: the one printable string
 * that is a version alone ({@code 1.2.3}, {@code v1.2.1b1}) of the 1.2 or 1.3 series, when there is
 * exactly one (two or more, say a bundled library's own version beside it: nothing);</li>
 * <li>else nothing: the caller must not guess.</li>
 * </ol>
 * At most {@link #MAX_SCANNED} bytes are read, and only the matches are kept.
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
        Scan scan = scan(file);
        if (!scan.written.isEmpty()) {
            Set<String> series = new LinkedHashSet<>();
            scan.written.forEach(w -> series.add(w[0] + "." + w[1]));
            if (series.size() != 1) {
                return Optional.empty(); // two releases named in one file: no guess
            }
            String[] w = scan.written.get(0);
            return Optional.of(new Found(w[0] + "." + w[1] + "." + w[2], api(w[0], w[1]), w[3]));
        }
        if (!scan.words || scan.alone.size() != 1) {
            return Optional.empty(); // no version beside the words, or several candidates: no guess
        }
        String version = scan.alone.iterator().next();
        String[] parts = version.split("\\.", 3);
        return Optional.of(new Found(version, api(parts[0], parts[1]), "rkllm-runtime version … " + version));
    }

    /** What one pass over the file found: written versions, the words alone, standalone versions. */
    private static final class Scan {
        final java.util.List<String[]> written = new java.util.ArrayList<>();
        final Set<String> alone = new LinkedHashSet<>();
        boolean words;

        void run(CharSequence run) {
            String s = run.toString();
            Matcher m = WRITTEN.matcher(s);
            if (m.find() && written.size() < 16) {
                written.add(new String[] {m.group(1), m.group(2), m.group(3), m.group()});
            }
            words |= s.contains("rkllm-runtime version");
            Matcher a = ALONE.matcher(s.trim());
            if (a.matches() && alone.size() < 16) {
                alone.add(a.group(1) + "." + a.group(2) + "." + a.group(3));
            }
        }
    }

    /** At most this much of a file is read: a runtime is a few MB; a model file given by mistake is not. */
    static final long MAX_SCANNED = 256L << 20;

    /**
     * One pass over the runs of at least 4 printable ASCII characters (as {@code strings} prints
     * them), keeping only what matters: memory stays small whatever the file.
     */
    private static Scan scan(Path file) throws IOException {
        Scan scan = new Scan();
        StringBuilder run = new StringBuilder();
        byte[] buf = new byte[1 << 16];
        long read = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while (read < MAX_SCANNED && (n = in.read(buf)) > 0) {
                read += n;
                for (int i = 0; i < n; i++) {
                    int b = buf[i] & 0xFF;
                    if (b >= 0x20 && b < 0x7F || b == '\t') {
                        if (run.length() < 4096) {
                            run.append((char) b);
                        }
                    } else {
                        if (run.length() >= 4) {
                            scan.run(run);
                        }
                        run.setLength(0);
                    }
                }
            }
        }
        if (run.length() >= 4) {
            scan.run(run);
        }
        return scan;
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
}
