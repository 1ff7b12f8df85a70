package dev.benchmate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every example of the README that needs no board, run literally as a newcomer would paste it from
 * the repository's folder, and compared with the output the README shows, give or take the
 * figures. An example is a line starting with "$ " in a fenced block; the lines after it are its
 * output. In the expected output "..." stands for anything (a time stamp, a path on this machine);
 * measured figures (numbers with a decimal point or a unit) may differ; "user: X" lines are what
 * a person types. A command without a subcommand is the service: it is stopped with SIGTERM once
 * its lines have appeared (unless it ends by itself) and must exit 0.
 */
class ReadmeExamplesIT {
    static final Path SOURCE = Path.of(System.getProperty("benchmate.source.dir", ".")).toAbsolutePath().normalize();
    static final Pattern FIGURE = Pattern.compile(
            "-?\\d+(\\.\\d+)?(?=\\s?(ms|s|MB|kB|%|x|tok/s|µs|KB|GB)\\b)|\\d+\\.\\d+|\\d{2}:\\d{2}:\\d{2}");

    record Example(String command, List<String> expected) {
        boolean isService() {
            return command.trim().endsWith("quarkus-run.jar");
        }

        String input() {
            StringBuilder in = new StringBuilder();
            for (String line : expected) {
                if (line.startsWith("user: ")) {
                    in.append(line.substring("user: ".length())).append('\n');
                }
            }
            return in.toString();
        }
    }

    static List<Example> examples(List<String> readme) {
        List<Example> out = new ArrayList<>();
        boolean inBlock = false;
        String command = null;
        List<String> expected = new ArrayList<>();
        for (String line : readme) {
            if (line.startsWith("```")) {
                if (inBlock && command != null) {
                    out.add(new Example(command, List.copyOf(expected)));
                }
                inBlock = !inBlock;
                command = null;
                expected.clear();
                continue;
            }
            if (!inBlock) {
                continue;
            }
            if (line.startsWith("$ ")) {
                if (command != null) {
                    out.add(new Example(command, List.copyOf(expected)));
                }
                command = line.substring(2);
                expected.clear();
            } else if (command != null) {
                expected.add(line);
            }
        }
        return out;
    }

    static String normalize(String s) {
        return FIGURE.matcher(s).replaceAll("#");
    }

    /** The expected line, "..." as a wildcard, found in the actual line. */
    static boolean matches(String expected, String actual) {
        String e = normalize(expected.trim());
        String a = normalize(actual);
        int at = 0;
        for (String part : e.split("\\.\\.\\.", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            int found = a.indexOf(part, at);
            if (found < 0) {
                return false;
            }
            at = found + part.length();
        }
        return true;
    }

    /** Which expected lines are not found, in order, in the output. */
    static List<String> missing(List<String> expected, List<String> actual) {
        List<String> missing = new ArrayList<>();
        int at = 0;
        for (String e : expected) {
            if (e.isBlank() || e.trim().equals("...")) {
                continue;
            }
            boolean typed = e.startsWith("user: ");
            String want = typed ? "user:" : e;
            int found = -1;
            for (int i = at; i < actual.size(); i++) {
                if (matches(want, actual.get(i))) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                missing.add(e);
            } else {
                // A typed line shares its output line with what the command prints after the prompt.
                at = typed ? found : found + 1;
            }
        }
        return missing;
    }

    @TestFactory
    Stream<DynamicTest> everyBoardFreeExampleRunsAsWritten() throws IOException {
        assumeTrue(Files.isDirectory(SOURCE.resolve("../shared/data")),
                "skipped: the examples use ../shared/data, which is not beside this checkout");
        List<Example> all = examples(Files.readAllLines(SOURCE.resolve("README.md")));
        assertTrue(all.size() >= 11, "the README shows its examples: " + all.size());
        return all.stream().filter(e -> e.command().contains("target/quarkus-app/quarkus-run.jar"))
                .map(e -> DynamicTest.dynamicTest(e.command(), () -> run(e)));
    }

    static void run(Example e) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", e.command()).directory(SOURCE.toFile())
                .redirectErrorStream(true);
        pb.environment().put("BENCHMATE_STATE_DIR", Files.createTempDirectory("readme-state").toString());
        pb.environment().remove("BENCHMATE_SIM_DIR");
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (IOException ignored) {
                // ended
            }
        });
        pump.start();
        p.getOutputStream().write(e.input().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        try {
            if (e.isService()) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (p.isAlive() && System.nanoTime() < end && !missing(e.expected(), lines(out)).isEmpty()) {
                    Thread.sleep(200);
                }
                if (p.isAlive()) {
                    new ProcessBuilder("kill", "-TERM", "--", Long.toString(p.toHandle().descendants()
                            .findFirst().orElse(p.toHandle()).pid())).start().waitFor();
                }
            }
            assertTrue(p.waitFor(240, TimeUnit.SECONDS), "did not end: " + e.command() + "\n" + out);
            pump.join(5000);
            String output = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), e.command() + "\n" + output);
            List<String> missing = missing(e.expected(), lines(out));
            assertTrue(missing.isEmpty(), "the README shows lines this run did not print:\n  "
                    + String.join("\n  ", missing) + "\n--- output of " + e.command() + "\n" + output);
            assertFalse(output.contains("Exception"), output);
        } finally {
            p.destroyForcibly();
        }
    }

    static List<String> lines(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }
}
