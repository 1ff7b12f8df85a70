package dev.benchmate.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.benchmate.testing.SimulatedNpu;
import dev.benchmate.transcribing.SyntheticWhisperModel;
import dev.benchmate.transcribing.WhisperHyperParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The amd64 package's life in a scratch root, as dpkg lives it on a machine: install, upgrade,
 * remove, reinstall and purge, with dpkg --root=ROOT --force-script-chrootless (the maintainer
 * scripts run here with DPKG_ROOT=ROOT and act inside it). The root starts as a bare Debian system:
 * base-passwd's accounts, an empty dpkg database, and systemd's own units (copied from this
 * machine's systemd, as if systemd were installed there), so that systemd-analyze can verify the
 * unit inside it. Benchmate's dependencies (Java, the C++ runtime) are not in the root: dpkg is
 * told to go on without them (--force-depends); the installed application is run with this
 * machine's Java, the root's /etc, /usr/bin, /usr/share and /usr/lib laid over this machine's in a
 * mount namespace of its own.
 *
 * The steps build on each other, in order. The root stays in target/deb-root for a look afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebInstallIT {
    private static final String UNIT_LINK = "etc/systemd/system/multi-user.target.wants/benchmate.service";
    private Path deb;
    private Path root;
    private Path upgrade;

    /**
     * Makes the scratch root on the first step; every step checks what it needs first, so that each
     * one is reported as skipped, with the reason, where the packages or the tools are missing.
     */
    private void scratchRoot() throws Exception {
        deb = DebPackages.deb("amd64");
        DebPackages.requireTool("dpkg", "dpkg");
        DebPackages.requireTool("dpkg-deb", "dpkg");
        DebPackages.requireTool("useradd", "passwd");
        DebPackages.requireTool("deb-systemd-helper", "init-system-helpers");
        DebPackages.requireRoot();
        if (root != null) {
            return;
        }
        root = DebPackages.scratchRoot(DebPackages.targetDir().resolve("deb-root"));
    }

    private DebPackages.Result dpkg(String... args) throws IOException, InterruptedException {
        return DebPackages.dpkg(root, args);
    }

    private String status() throws IOException, InterruptedException {
        return DebPackages.run(List.of("dpkg-query", "--root=" + root, "-W", "-f=${Status} ${Version}", "benchmate"))
                .output().strip();
    }

    private Optional<String[]> account(String file, String name) throws IOException {
        return Files.readAllLines(root.resolve("etc").resolve(file)).stream().map(l -> l.split(":", -1))
                .filter(f -> f[0].equals(name)).findFirst();
    }

    private int owner(String path, String attribute) throws IOException {
        return (Integer) Files.getAttribute(root.resolve(path), "unix:" + attribute, LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    @Order(1)
    void install() throws Exception {
        scratchRoot();
        dpkg("-i", deb.toString()).ok("dpkg -i");
        String version = DebPackages.field(deb, "Version");
        assertEquals("install ok installed " + version, status());
        for (String f : List.of("usr/bin/benchmate", "usr/share/benchmate/quarkus-run.jar", "etc/benchmate/application.properties",
                "lib/systemd/system/benchmate.service", "usr/share/doc/benchmate/copyright",
                "usr/lib/benchmate/sim/lib/librkllmrt.so", "usr/share/benchmate/sim/lib/librkllmrt.so")) {
            assertTrue(Files.isRegularFile(root.resolve(f)), f);
        }
        String[] user = account("passwd", "benchmate").orElseThrow(() -> new AssertionError("no user benchmate in the root"));
        assertEquals("/var/lib/benchmate", user[5]);
        assertEquals("/usr/sbin/nologin", user[6]);
        assertTrue(Integer.parseInt(user[2]) < 1000, "a system user: uid " + user[2]);
        String[] group = account("group", "benchmate").orElseThrow(() -> new AssertionError("no group benchmate"));
        assertEquals(user[3], group[2], "the user's primary group is benchmate");
        for (String g : List.of("audio", "video", "render")) {
            String[] entry = account("group", g).orElseThrow(() -> new AssertionError("no group " + g));
            assertTrue(List.of(entry[3].split(",")).contains("benchmate"), "benchmate is in " + g + ": " + String.join(":", entry));
        }
        for (String dir : List.of("var/lib/benchmate", "var/lib/benchmate/models")) {
            assertEquals(Integer.parseInt(user[2]), owner(dir, "uid"), dir);
            assertEquals(Integer.parseInt(group[2]), owner(dir, "gid"), dir);
        }
        Path link = root.resolve(UNIT_LINK);
        assertTrue(Files.isSymbolicLink(link), "the unit is enabled: " + link);
        assertEquals(Path.of("/lib/systemd/system/benchmate.service"), Files.readSymbolicLink(link));
    }

    @Test
    @Order(2)
    void theInstalledUnitVerifies() throws Exception {
        scratchRoot();
        DebPackages.requireTool("systemd-analyze", "systemd");
        assumeTrue(Files.isRegularFile(root.resolve("lib/systemd/system/multi-user.target")),
                "skipped: this machine has no systemd units to put in the scratch root");
        DebPackages.Result verify = DebPackages.run(List.of("systemd-analyze", "verify", "--root=" + root, "benchmate.service"));
        assertEquals(0, verify.status(), verify.output());
        assertEquals("", verify.output().strip(), "no complaint about the unit");
        DebPackages.Result security = DebPackages.run(List.of("systemd-analyze", "security", "--offline=true",
                "--root=" + root, "benchmate.service"));
        Matcher m = Pattern.compile("Overall exposure level for benchmate\\.service: (\\d+\\.\\d)").matcher(security.output());
        assertTrue(m.find(), security.output());
        double exposure = Double.parseDouble(m.group(1));
        System.out.println("systemd-analyze security --offline=true: exposure " + exposure);
        assertTrue(exposure <= 3.0, "exposure " + exposure + " > 3.0:\n" + security.output());
    }

    /** Runs the installed launcher in a mount namespace where the root's files lie over this machine's. */
    private DebPackages.Result benchmate(Map<String, String> env, String shellCommand) throws Exception {
        Path overlay = Files.writeString(DebPackages.targetDir().resolve("deb-root-run.sh"), """
                #!/bin/sh
                # run.sh ROOT COMMAND: COMMAND with ROOT's /etc, /usr/bin, /usr/share and /usr/lib over this machine's
                set -e
                root="$1"
                shift
                for dir in /etc /usr/bin /usr/share /usr/lib; do
                    mount -t overlay overlay -o "lowerdir=$root$dir:$dir" "$dir"
                done
                exec sh -c "$1"
                """);
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("BENCHMATE_STATE_DIR", Files.createTempDirectory("benchmate-state").toString());
        return DebPackages.run(List.of("unshare", "--mount", "--propagation", "private", "sh", overlay.toString(),
                root.toString(), shellCommand), all, 300);
    }

    @Test
    @Order(3)
    void theInstalledApplicationRunsWithItsConfigurationAndNatives() throws Exception {
        scratchRoot();
        DebPackages.requireTool("unshare", "util-linux");
        DebPackages.Result probe = benchmate(Map.of(), "test -x /usr/bin/benchmate && test -r /etc/benchmate/application.properties");
        assumeTrue(probe.status() == 0, "skipped: cannot lay the scratch root over this machine in a mount namespace "
                + "(unshare --mount, overlayfs): " + probe.output());
        Path jfk = SimulatedNpu.sharedData("jfk.wav");
        Path demo = SimulatedNpu.sharedData("demo.jpg");
        Path work = Files.createTempDirectory("benchmate-installed");

        // the packaged configuration is read: the models under /var/lib/benchmate/models
        DebPackages.Result plain = benchmate(Map.of(), "benchmate listen --file " + jfk).ok("benchmate listen");
        assertTrue(plain.output().contains("Whisper model not found: /var/lib/benchmate/models/ggml-tiny-q8_0.bin"), plain.output());
        assertTrue(plain.output().lines().filter(l -> l.startsWith("speech ")).count() >= 2, plain.output());

        // the environment and -D options (BENCHMATE_JAVA_OPTS, before -jar) override it
        DebPackages.Result opts = benchmate(Map.of("BENCHMATE_JAVA_OPTS", "-Xmx512m -Dbenchmate.transcribing.model=/from/opts.bin"),
                "benchmate listen --file " + jfk).ok("benchmate listen with BENCHMATE_JAVA_OPTS");
        assertTrue(opts.output().contains("Whisper model not found: /from/opts.bin"), opts.output());

        // the trimmed jars load their natives: whisper.cpp (a generated model), Vosk (its library
        // loads and refuses a folder that is no model), OpenCV and JNA (chat on the simulator)
        Path whisper = SyntheticWhisperModel.write(work.resolve("ggml-miniature.bin"), WhisperHyperParameters.MINIATURE_F16, 1);
        Path notAModel = Files.createDirectories(work.resolve("vosk-model/conf"));
        Files.writeString(notAModel.resolve("model.conf"), "");
        DebPackages.Result listen = benchmate(Map.of("BENCHMATE_TRANSCRIBING_MODEL", whisper.toString(),
                "BENCHMATE_TRANSCRIBING_LANGUAGE", "en", "BENCHMATE_LISTENING_VOSK_MODEL", notAModel.getParent().toString()),
                "benchmate listen --file " + jfk).ok("benchmate listen with Whisper and Vosk");
        assertTrue(listen.output().contains("  transcript (") || listen.output().contains("  nothing heard"), listen.output());
        assertTrue(listen.output().contains("Vosk cannot load the model in " + notAModel.getParent()), listen.output());
        assertFalse(listen.output().contains("cannot load libvosk.so"), listen.output());

        DebPackages.Result chat = benchmate(Map.of(), "printf '0\\nexit\\n' | benchmate chat --sim " + demo).ok("benchmate chat --sim");
        assertTrue(chat.output().contains("robot: Simulated answer to turn 1. The picture is"), chat.output());
        assertTrue(chat.output().contains("/usr/share/benchmate/sim"), "the simulator beside the application: " + chat.output());

        Path wav = work.resolve("said.wav");
        DebPackages.Result say = benchmate(Map.of(), "benchmate say --out " + wav + " 'Hello from the package.'").ok("benchmate say");
        assertTrue(say.output().contains("wrote " + wav), say.output());
        assertTrue(Files.size(wav) > 10_000);
        System.out.println("installed tree: listen, chat --sim and say ran\n" + listen.output() + chat.output() + say.output());
    }

    @Test
    @Order(4)
    void upgradeKeepsTheConfigurationAndTheData() throws Exception {
        scratchRoot();
        Path config = root.resolve("etc/benchmate/application.properties");
        Files.writeString(config, Files.readString(config) + "\n# changed by the administrator\nbenchmate.llm.max-new-tokens=128\n");
        Path model = Files.writeString(root.resolve("var/lib/benchmate/models/a-model.bin"), "weights");
        String uid = account("passwd", "benchmate").orElseThrow()[2];

        // the next build: the same package with the Debian revision raised
        String version = DebPackages.field(deb, "Version");
        Matcher m = Pattern.compile("(.*)-(\\d+)").matcher(version);
        assertTrue(m.matches(), version);
        String next = m.group(1) + "-" + (Integer.parseInt(m.group(2)) + 1);
        Path tree = DebPackages.targetDir().resolve("deb-upgrade");
        DebPackages.run(List.of("rm", "-rf", tree.toString())).ok("rm");
        DebPackages.run(List.of("dpkg-deb", "-R", deb.toString(), tree.toString())).ok("dpkg-deb -R");
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replace("Version: " + version + "\n", "Version: " + next + "\n"));
        upgrade = DebPackages.targetDir().resolve("deb-upgrade_" + next + "_amd64.deb");
        DebPackages.run(List.of("dpkg-deb", "--root-owner-group", "-Znone", "-b", tree.toString(), upgrade.toString()))
                .ok("dpkg-deb -b");

        String out = dpkg("-i", upgrade.toString()).ok("dpkg -i (upgrade)").output();
        assertTrue(out.contains("Unpacking benchmate (" + next + ") over (" + version + ")"), out);
        assertEquals("install ok installed " + next, status());
        assertTrue(Files.readString(config).contains("benchmate.llm.max-new-tokens=128"), "the conffile keeps the change");
        assertTrue(Files.isRegularFile(model), "the models stay");
        assertEquals(uid, account("passwd", "benchmate").orElseThrow()[2], "the same user");
        assertTrue(Files.isSymbolicLink(root.resolve(UNIT_LINK)), "still enabled");
    }

    @Test
    @Order(5)
    void removeKeepsTheConfigurationAndTheData() throws Exception {
        scratchRoot();
        dpkg("-r", "benchmate").ok("dpkg -r");
        assertTrue(status().startsWith("deinstall ok config-files "), status());
        assertFalse(Files.exists(root.resolve("usr/bin/benchmate")));
        assertFalse(Files.exists(root.resolve("usr/share/benchmate")));
        assertFalse(Files.exists(root.resolve("lib/systemd/system/benchmate.service")));
        assertTrue(Files.readString(root.resolve("etc/benchmate/application.properties")).contains("max-new-tokens=128"));
        assertTrue(Files.isRegularFile(root.resolve("var/lib/benchmate/models/a-model.bin")));
        assertTrue(account("passwd", "benchmate").isPresent(), "the user stays until purge");
    }

    @Test
    @Order(6)
    void reinstallAfterRemove() throws Exception {
        scratchRoot();
        dpkg("-i", upgrade.toString()).ok("dpkg -i (after remove)");
        assertTrue(status().startsWith("install ok installed "), status());
        assertTrue(Files.readString(root.resolve("etc/benchmate/application.properties")).contains("max-new-tokens=128"));
        assertTrue(Files.isSymbolicLink(root.resolve(UNIT_LINK)), "enabled again");
        assertFalse(Files.exists(root.resolve("etc/systemd/system/benchmate.service"), LinkOption.NOFOLLOW_LINKS),
                "not masked");
    }

    @Test
    @Order(7)
    void purgeTakesEverything() throws Exception {
        scratchRoot();
        dpkg("-P", "benchmate").ok("dpkg -P");
        assertEquals("", DebPackages.run(List.of("dpkg-query", "--root=" + root, "-W", "-f=${Status}", "benchmate")).output()
                .replace("dpkg-query: no packages found matching benchmate", "").strip());
        assertFalse(Files.exists(root.resolve("etc/benchmate")), "the conffile and its folder are gone");
        assertFalse(Files.exists(root.resolve("var/lib/benchmate")), "the state and the models are gone");
        assertTrue(account("passwd", "benchmate").isEmpty(), "the user is gone");
        assertTrue(account("group", "benchmate").isEmpty(), "its group is gone");
        assertTrue(account("group", "render").isPresent(), "render stays: others may use it");
        for (String g : List.of("audio", "video", "render")) {
            assertFalse(List.of(account("group", g).orElseThrow()[3].split(",")).contains("benchmate"), g);
        }
        try (Stream<Path> left = Files.walk(root.resolve("etc/systemd"))) {
            List<Path> mentions = left.filter(p -> p.getFileName().toString().contains("benchmate")).toList();
            assertTrue(mentions.isEmpty(), "no enablement or mask is left: " + mentions);
        }
        Path state = root.resolve("var/lib/systemd/deb-systemd-helper-enabled");
        if (Files.isDirectory(state)) {
            try (Stream<Path> left = Files.walk(state)) {
                assertTrue(left.noneMatch(p -> p.getFileName().toString().contains("benchmate")),
                        "deb-systemd-helper forgot the unit");
            }
        }
    }
}
