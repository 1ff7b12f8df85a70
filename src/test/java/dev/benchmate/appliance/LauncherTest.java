package dev.benchmate.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher (src/deb/files/benchmate, installed as /usr/bin/benchmate) hands Java the
 * right command line: the extra options before -jar, the command's arguments untouched after it.
 * A stand-in "java" on the PATH prints the arguments it was given, one per line.
 */
class LauncherTest {
    private static final Path LAUNCHER = DebPackages.sourceDir().resolve("src/deb/files/benchmate");

    private static List<String> argumentsJavaGets(Path dir, Map<String, String> env, String... args) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fakeJava = Files.writeString(bin.resolve("java"), "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new java.util.ArrayList<>(List.of("/bin/sh", LAUNCHER.toString()));
        command.addAll(List.of(args));
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putIfAbsent("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("BENCHMATE_JAVA_OPTS");
        pb.environment().putAll(all);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().toList();
    }

    /** The branch with /etc/benchmate/application.properties is run by DebInstallIT, on the installed package. */
    private static void withoutInstalledConfiguration() {
        assumeFalse(Files.exists(Path.of("/etc/benchmate/application.properties")),
                "skipped: this machine has /etc/benchmate/application.properties (Benchmate is installed)");
    }

    @Test
    void optionsGoBeforeTheJarAndArgumentsAfterItUntouched(@TempDir Path dir) throws Exception {
        withoutInstalledConfiguration();
        List<String> got = argumentsJavaGets(dir, Map.of("BENCHMATE_JAVA_OPTS", "-Xmx256m -Dbenchmate.llm.model=/x/*.rkllm"),
                "ask", "--text", "what is  this?", "*", "");
        assertEquals(List.of("-Xmx256m", "-Dbenchmate.llm.model=/x/*.rkllm", "-jar", "/usr/share/benchmate/quarkus-run.jar",
                "ask", "--text", "what is  this?", "*", ""), got);
    }

    @Test
    void withoutArgumentsItRunsTheService(@TempDir Path dir) throws Exception {
        withoutInstalledConfiguration();
        assertEquals(List.of("-jar", "/usr/share/benchmate/quarkus-run.jar"), argumentsJavaGets(dir, Map.of()));
    }

    @Test
    void javaHomeChoosesTheRuntime(@TempDir Path dir) throws Exception {
        withoutInstalledConfiguration();
        Path home = Files.createDirectories(dir.resolve("jdk"));
        Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(home.resolve("bin"), dir.resolve("bin"));
        // the stand-in is found through JAVA_HOME/bin/java, not the PATH
        List<String> got = argumentsJavaGets(dir, Map.of("JAVA_HOME", home.toString(), "PATH", "/nonexistent"), "--help");
        assertEquals(List.of("-jar", "/usr/share/benchmate/quarkus-run.jar", "--help"), got);
    }
}
