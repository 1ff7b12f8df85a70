package dev.benchmate.appliance;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Debian packages that mvn -Pdeb package builds (target/benchmate_VERSION_ARCH.deb) and the
 * Debian tools that look at them. Tests skip, saying why, where the packages were not built (a
 * build without -Pdeb) or a tool is missing.
 */
final class DebPackages {
    static final List<String> ARCHITECTURES = List.of("arm64", "amd64");

    private DebPackages() {
    }

    static Path sourceDir() {
        return Path.of(System.getProperty("benchmate.source.dir", ".")).toAbsolutePath().normalize();
    }

    static Path targetDir() {
        return sourceDir().resolve("target");
    }

    /** The package built for the architecture; skips the test when there is none. */
    static Path deb(String arch) {
        assumeTrue(Boolean.getBoolean("benchmate.deb.built"), "skipped: the Debian packages are built and tested with"
                + " the deb profile (mvn -B -Pdeb verify)");
        Path found = null;
        try (Stream<Path> files = Files.list(targetDir())) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().startsWith("benchmate_")
                    && p.getFileName().toString().endsWith("_" + arch + ".deb")).toList();
            if (debs.size() > 1) {
                fail("more than one " + arch + " package in " + targetDir() + ": " + debs);
            }
            found = debs.isEmpty() ? null : debs.get(0);
        } catch (IOException e) {
            // no target folder: nothing was built
        }
        assumeTrue(found != null, "skipped: no target/benchmate_*_" + arch
                + ".deb (the Debian packages are built by mvn -B -Pdeb package, or verify)");
        return found;
    }

    /** Skips the test when the tool is not on the PATH. */
    static void requireTool(String tool, String debianPackage) {
        boolean found = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
        assumeTrue(found, "skipped: " + tool + " is not installed (apt-get install " + debianPackage
                + "; .ci/run installs it)");
    }

    static void requireRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "skipped: installing into a scratch root needs root (dpkg --root sets owners; CI runs as root)");
    }

    /** A finished command: its exit status and its output (stdout and stderr together). */
    record Result(int status, String output) {
        Result ok(String what) {
            if (status != 0) {
                fail(what + " exited " + status + ":\n" + output);
            }
            return this;
        }
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, Map.of(), 300);
    }

    static Result run(List<String> command, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        return run(command, env, timeoutSeconds, null);
    }

    /** The same in a working directory (null: this process's). */
    static Result run(List<String> command, Map<String, String> env, long timeoutSeconds, Path workingDirectory)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workingDirectory != null) {
            pb.directory(workingDirectory.toFile());
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[][] out = new byte[1][];
        Thread pump = new Thread(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = new byte[0];
            }
        });
        pump.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            pump.join(2000);
            fail(String.join(" ", command) + " did not end within " + timeoutSeconds + " s");
        }
        pump.join();
        return new Result(p.exitValue(), new String(out[0], StandardCharsets.UTF_8));
    }

    /** dpkg-deb -c: the paths a package installs, without the leading "." ("/usr/bin/benchmate"). */
    static List<String> contents(Path deb) throws IOException, InterruptedException {
        String listing = run(List.of("dpkg-deb", "-c", deb.toString())).ok("dpkg-deb -c").output();
        List<String> paths = new ArrayList<>();
        for (String line : listing.split("\n")) {
            String[] parts = line.trim().split("\\s+", 6);
            if (parts.length == 6) {
                String path = parts[5].replaceFirst(" -> .*$", "");
                paths.add(path.startsWith("./") ? path.substring(1) : path);
            }
        }
        return paths;
    }

    /** dpkg-deb -f DEB FIELD. */
    static String field(Path deb, String field) throws IOException, InterruptedException {
        return run(List.of("dpkg-deb", "-f", deb.toString(), field)).ok("dpkg-deb -f").output().strip();
    }

    /** One member of the control archive (control, conffiles, postinst, ...). */
    static String controlFile(Path deb, String name) throws IOException, InterruptedException {
        return run(List.of("dpkg-deb", "-I", deb.toString(), name)).ok("dpkg-deb -I " + name).output();
    }

    /** Unpacks the package's files (not its scripts) into a new folder. */
    static Path extract(Path deb, Path into) throws IOException, InterruptedException {
        Files.createDirectories(into);
        run(List.of("dpkg-deb", "-x", deb.toString(), into.toString())).ok("dpkg-deb -x");
        return into;
    }

    /**
     * A bare Debian root for dpkg --root: base-passwd's accounts, an empty dpkg database, and this
     * machine's systemd units (as if systemd were installed there, for systemd-analyze --root).
     */
    static Path scratchRoot(Path root) throws IOException, InterruptedException {
        run(List.of("rm", "-rf", root.toString())).ok("rm -rf " + root);
        Files.createDirectories(root.resolve("var/lib/dpkg/info"));
        Files.createDirectories(root.resolve("var/lib/dpkg/updates"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("var/lib/dpkg/status"), "");
        Files.writeString(root.resolve("var/lib/dpkg/available"), "");
        Files.copy(Path.of("/usr/share/base-passwd/passwd.master"), root.resolve("etc/passwd"));
        Files.copy(Path.of("/usr/share/base-passwd/group.master"), root.resolve("etc/group"));
        Path units = Path.of("/lib/systemd/system");
        if (Files.isDirectory(units)) {
            Files.createDirectories(root.resolve("lib/systemd"));
            run(List.of("cp", "-a", units + "/.", root.resolve("lib/systemd/system").toString())).ok("copying systemd's units");
        }
        return root;
    }

    /** dpkg acting on a scratch root, its maintainer scripts outside it with DPKG_ROOT set. */
    static Result dpkg(Path root, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("dpkg", "--root=" + root, "--force-script-chrootless",
                "--force-depends", "--force-confold"));
        command.addAll(List.of(args));
        long start = System.nanoTime();
        Result r = run(command);
        System.out.printf("%s: %d ms, exit %d%n%s%n", String.join(" ", command), (System.nanoTime() - start) / 1_000_000,
                r.status(), r.output());
        return r;
    }
}
