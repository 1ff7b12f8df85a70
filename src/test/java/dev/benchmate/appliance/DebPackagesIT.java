package dev.benchmate.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the two packages hold and declare (dpkg-deb -c, -f, -I): the application, the launcher,
 * the unit, the conffile, the docs and the maintainer scripts; only the architecture's natives
 * inside the jars; and a Depends line that covers the shared libraries those natives need.
 */
class DebPackagesIT {
    /** ELF e_machine of each Debian architecture. */
    private static final Map<String, Integer> MACHINE = Map.of("arm64", 183, "amd64", 62);
    private static final Pattern NATIVE = Pattern.compile(".*\\.(so(\\.\\d+)*|dll|dylib|jnilib|a)$");

    /** The natives each architecture must keep (a loader looks for exactly these). */
    private static final Map<String, List<String>> KEPT = Map.of(
            "arm64", List.of("nu/pattern/opencv/linux/ARMv8/libopencv_java490.so",
                    "com/sun/jna/linux-aarch64/libjnidispatch.so", "debian-arm64/libwhisper-jni.so",
                    "debian-arm64/libwhisper.so.1", "debian-arm64/libggml+fp16.so"),
            "amd64", List.of("nu/pattern/opencv/linux/x86_64/libopencv_java490.so",
                    "com/sun/jna/linux-x86-64/libjnidispatch.so", "debian-amd64/libwhisper-jni.so",
                    "debian-amd64/libwhisper.so.1", "debian-amd64/libggml.so", "linux-x86-64/libvosk.so"));

    /** Which Debian package provides each shared library the natives ask for (NEEDED). */
    private static final Map<String, String> PROVIDER = Map.ofEntries(
            Map.entry("libc.so.6", "libc6"), Map.entry("libm.so.6", "libc6"), Map.entry("libdl.so.2", "libc6"),
            Map.entry("libpthread.so.0", "libc6"), Map.entry("ld-linux-x86-64.so.2", "libc6"),
            Map.entry("ld-linux-aarch64.so.1", "libc6"), Map.entry("libstdc++.so.6", "libstdc++6"),
            Map.entry("libgcc_s.so.1", "libgcc-s1"), Map.entry("libgomp.so.1", "libgomp1"));

    @ParameterizedTest
    @ValueSource(strings = {"arm64", "amd64"})
    void controlFields(String arch) throws Exception {
        Path deb = DebPackages.deb(arch);
        DebPackages.requireTool("dpkg-deb", "dpkg");
        String version = DebPackages.field(deb, "Version");
        assertEquals("benchmate", DebPackages.field(deb, "Package"));
        assertEquals("benchmate_" + version + "_" + arch + ".deb", deb.getFileName().toString());
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+(~SNAPSHOT)?-\\d+"), version);
        assertEquals(arch, DebPackages.field(deb, "Architecture"));
        assertTrue(DebPackages.field(deb, "Maintainer").matches(".+ <[^@ ]+@[^@ ]+>"));
        assertEquals("sound", DebPackages.field(deb, "Section"));
        assertEquals("optional", DebPackages.field(deb, "Priority"));
        List<String> description = DebPackages.field(deb, "Description").lines().toList();
        assertTrue(description.size() >= 8 && description.contains(" ."), "an extended description: " + description);
        String depends = DebPackages.field(deb, "Depends");
        assertTrue(depends.startsWith("openjdk-17-jre-headless | java17-runtime-headless, passwd, "), depends);
        assertEquals("espeak-ng, libspeexdsp1", DebPackages.field(deb, "Recommends"));
        assertTrue(Integer.parseInt(DebPackages.field(deb, "Installed-Size")) > 10_000);
        System.out.printf("%s: %.1f MB (%d bytes), installed %s kB%n", deb.getFileName(),
                Files.size(deb) / 1e6, Files.size(deb), DebPackages.field(deb, "Installed-Size"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"arm64", "amd64"})
    void contents(String arch) throws Exception {
        Path deb = DebPackages.deb(arch);
        DebPackages.requireTool("dpkg-deb", "dpkg");
        List<String> paths = DebPackages.contents(deb);
        for (String p : List.of("/usr/share/benchmate/quarkus-run.jar", "/usr/share/benchmate/quarkus/quarkus-application.dat",
                "/usr/bin/benchmate", "/lib/systemd/system/benchmate.service", "/etc/benchmate/application.properties",
                "/var/lib/benchmate/", "/var/lib/benchmate/models/", "/usr/share/doc/benchmate/copyright",
                "/usr/share/doc/benchmate/changelog.Debian.gz", "/usr/share/doc/benchmate/README.md",
                "/usr/share/man/man1/benchmate.1.gz")) {
            assertTrue(paths.contains(p), p + " in " + deb.getFileName());
        }
        assertTrue(paths.stream().anyMatch(p -> p.matches("/usr/share/benchmate/app/benchmate-.*\\.jar")));
        assertTrue(paths.stream().anyMatch(p -> p.startsWith("/usr/share/benchmate/lib/boot/io.quarkus.quarkus-bootstrap-runner")));
        // the fast-jar tree is complete: every file of target/quarkus-app but the dependency list
        Path app = DebPackages.targetDir().resolve("quarkus-app");
        try (Stream<Path> files = Files.walk(app)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = app.relativize(f).toString();
                if (!rel.equals("quarkus-app-dependencies.txt")) {
                    assertTrue(paths.contains("/usr/share/benchmate/" + rel), rel + " is packaged");
                }
            }
        }
        boolean manifest = Files.isRegularFile(DebPackages.sourceDir().resolve("models/manifest.json"));
        assertEquals(manifest, paths.contains("/usr/share/benchmate/models/manifest.json"),
                "models/manifest.json is packaged exactly when the build has one");
        // the NPU simulator is a test instrument for PCs: amd64 only
        boolean sim = arch.equals("amd64");
        assertEquals(sim, paths.contains("/usr/share/benchmate/sim"));
        assertEquals(sim, paths.contains("/usr/lib/benchmate/sim/lib/librkllmrt.so"));
        assertEquals(sim, paths.contains("/usr/lib/benchmate/sim/lib/librknnrt.so"));
        assertEquals(sim, paths.contains("/usr/lib/benchmate/sim/models/llm-sim.rkllm"));
        assertFalse(paths.stream().anyMatch(p -> p.startsWith("/usr/lib/") && !sim));
        if (sim) {
            String listing = DebPackages.run(List.of("dpkg-deb", "-c", deb.toString())).ok("dpkg-deb -c").output();
            assertTrue(listing.contains("./usr/share/benchmate/sim -> ../../lib/benchmate/sim"), listing);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"arm64", "amd64"})
    void filesAsInTheRepository(String arch, @TempDir Path dir) throws Exception {
        Path deb = DebPackages.deb(arch);
        DebPackages.requireTool("dpkg-deb", "dpkg");
        Path root = DebPackages.extract(deb, dir);
        Path source = DebPackages.sourceDir();
        assertEquals(Files.readString(source.resolve("systemd/benchmate.service")),
                Files.readString(root.resolve("lib/systemd/system/benchmate.service")));
        assertEquals(Files.readString(source.resolve("src/deb/files/benchmate")), Files.readString(root.resolve("usr/bin/benchmate")));
        assertTrue(Files.isExecutable(root.resolve("usr/bin/benchmate")));
        assertEquals(Files.readString(source.resolve("README.md")), Files.readString(root.resolve("usr/share/doc/benchmate/README.md")));
        String config = Files.readString(root.resolve("etc/benchmate/application.properties"));
        assertTrue(config.contains("\nbenchmate.llm.model=/var/lib/benchmate/models/"), config);
        assertTrue(config.contains("\nconfig_ordinal=260\n"), config);
        assertFalse(config.contains("@"), "every placeholder filled in");
        // the Vosk jar has no aarch64 library: the arm64 package points Vosk at the models folder
        assertEquals(arch.equals("arm64"), config.contains("\nbenchmate.listening.vosk-library=/var/lib/benchmate/models\n"));
        String changelog = DebPackages.run(List.of("zcat", root.resolve("usr/share/doc/benchmate/changelog.Debian.gz").toString()))
                .ok("zcat").output();
        assertTrue(changelog.startsWith("benchmate (" + DebPackages.field(deb, "Version") + ") "), changelog);
    }

    @ParameterizedTest
    @ValueSource(strings = {"arm64", "amd64"})
    void conffileAndMaintainerScripts(String arch) throws Exception {
        Path deb = DebPackages.deb(arch);
        DebPackages.requireTool("dpkg-deb", "dpkg");
        assertEquals("/etc/benchmate/application.properties", DebPackages.controlFile(deb, "conffiles").strip());
        for (String script : List.of("postinst", "prerm", "postrm")) {
            String text = DebPackages.controlFile(deb, script);
            assertTrue(text.startsWith("#!/bin/sh\n"), script);
            assertTrue(text.contains("\nset -e\n"), script);
            assertEquals(Files.readString(DebPackages.sourceDir().resolve("src/deb/control").resolve(script)), text, script);
            DebPackages.run(List.of("sh", "-n", DebPackages.sourceDir().resolve("src/deb/control").resolve(script).toString()))
                    .ok("sh -n " + script);
        }
        String info = DebPackages.run(List.of("dpkg-deb", "-I", deb.toString())).ok("dpkg-deb -I").output();
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertTrue(Pattern.compile("\\d+ lines\\s+\\*\\s+" + script + "\\s").matcher(info).find(), script + " is executable: " + info);
        }
    }

    /**
     * Every native library in the package is an ELF file of its architecture: nothing for Windows,
     * macOS or another CPU is left in the jars; the ones the loaders look for are there; and the
     * jars lost nothing else.
     */
    @ParameterizedTest
    @ValueSource(strings = {"arm64", "amd64"})
    void onlyTheArchitecturesNatives(String arch, @TempDir Path dir) throws Exception {
        Path deb = DebPackages.deb(arch);
        DebPackages.requireTool("dpkg-deb", "dpkg");
        Path root = DebPackages.extract(deb, dir.resolve("root"));
        Map<String, byte[]> natives = natives(root);
        Set<String> names = new TreeSet<>();
        natives.forEach((name, bytes) -> {
            assertTrue(isElf(bytes), name + " is not an ELF library");
            assertEquals(MACHINE.get(arch), machine(bytes), name + " is not for " + arch);
            names.add(name.substring(name.indexOf('!') + 1));
        });
        for (String kept : KEPT.get(arch)) {
            assertTrue(names.contains(kept), kept + " is kept in the " + arch + " package: " + names);
        }
        if (arch.equals("arm64")) {
            assertFalse(names.stream().anyMatch(n -> n.contains("vosk")), "the Vosk jar has no aarch64 library to keep");
        }
        // the trimmed jars keep all their code and metadata (classes, META-INF); only the natives'
        // folders of other platforms went, with the placeholder files some of them hold
        Path lib = DebPackages.targetDir().resolve("quarkus-app/lib/main");
        try (Stream<Path> jars = Files.list(root.resolve("usr/share/benchmate/lib/main"))) {
            for (Path jar : jars.toList()) {
                Set<String> original = entries(lib.resolve(jar.getFileName()));
                Set<String> packaged = entries(jar);
                original.removeIf(e -> !(e.endsWith(".class") || e.startsWith("META-INF/")) || e.endsWith("/"));
                original.removeAll(packaged);
                assertTrue(original.isEmpty(), jar.getFileName() + " lost " + original);
            }
        }
        System.out.println(arch + " natives: " + names);
    }

    /**
     * Depends names the package of every shared library a native asks for (readelf -d: NEEDED), at
     * a version no lower than the newest glibc symbol version the natives use.
     */
    @ParameterizedTest
    @ValueSource(strings = {"arm64", "amd64"})
    void dependsCoversWhatTheNativesNeed(String arch, @TempDir Path dir) throws Exception {
        Path deb = DebPackages.deb(arch);
        DebPackages.requireTool("dpkg-deb", "dpkg");
        DebPackages.requireTool("readelf", "binutils");
        Path root = DebPackages.extract(deb, dir.resolve("root"));
        String depends = DebPackages.field(deb, "Depends");
        Set<String> needed = new TreeSet<>();
        String newestGlibc = "2.0";
        int i = 0;
        Map<String, byte[]> natives = natives(root);
        // whisper-jni's libraries need each other; it loads its libggml variant as libggml.so
        Set<String> bundled = new TreeSet<>();
        natives.keySet().forEach(n -> bundled.add(n.substring(n.lastIndexOf('/') + 1).replaceFirst("\\+.*\\.so$", ".so")));
        for (Map.Entry<String, byte[]> e : natives.entrySet()) {
            Path file = Files.write(dir.resolve("native" + i++ + ".so"), e.getValue());
            String dynamic = DebPackages.run(List.of("readelf", "-d", "-W", file.toString())).ok("readelf -d").output();
            Matcher m = Pattern.compile("\\(NEEDED\\)\\s+Shared library: \\[([^]]+)]").matcher(dynamic);
            while (m.find()) {
                String lib = m.group(1);
                if (bundled.contains(lib)) {
                    continue;
                }
                assertTrue(PROVIDER.containsKey(lib), e.getKey() + " needs " + lib + ", which no Depends entry covers");
                needed.add(PROVIDER.get(lib));
            }
            String versions = DebPackages.run(List.of("readelf", "-V", "-W", file.toString())).ok("readelf -V").output();
            Matcher v = Pattern.compile("Name: GLIBC_(\\d+\\.\\d+)").matcher(versions);
            while (v.find()) {
                if (compare(v.group(1), newestGlibc) > 0) {
                    newestGlibc = v.group(1);
                }
            }
        }
        for (String pkg : needed) {
            assertTrue(depends.contains(pkg + " (>= "), pkg + " in Depends: " + depends);
        }
        Matcher libc = Pattern.compile("libc6 \\(>= (\\d+\\.\\d+)\\)").matcher(depends);
        assertTrue(libc.find(), depends);
        assertTrue(compare(libc.group(1), newestGlibc) >= 0, "the natives use GLIBC_" + newestGlibc + ": " + depends);
        System.out.println(arch + ": natives need " + needed + ", glibc " + newestGlibc + "; Depends: " + depends);
    }

    /**
     * On amd64, Debian's own tool agrees: every package and version dpkg-shlibdeps derives from the
     * natives (with the symbols files of this machine's libraries) is in Depends, at that version
     * or higher. (arm64's libraries and symbols files are not on this machine.)
     */
    @org.junit.jupiter.api.Test
    void dpkgShlibdepsAgreesOnAmd64(@TempDir Path dir) throws Exception {
        Path deb = DebPackages.deb("amd64");
        DebPackages.requireTool("dpkg-deb", "dpkg");
        DebPackages.requireTool("dpkg-shlibdeps", "dpkg-dev");
        org.junit.jupiter.api.Assumptions.assumeTrue("amd64".equals(DebPackages.run(List.of("dpkg", "--print-architecture"))
                .output().strip()), "skipped: dpkg-shlibdeps needs the amd64 libraries' symbols files");
        Path root = DebPackages.extract(deb, dir.resolve("root"));
        Path work = Files.createDirectories(dir.resolve("work/debian"));
        Files.writeString(work.resolve("control"), "Source: benchmate\n\nPackage: benchmate\nArchitecture: any\n");
        Path libs = Files.createDirectories(dir.resolve("work/libs"));
        List<String> command = new java.util.ArrayList<>(List.of("dpkg-shlibdeps", "-O", "--ignore-missing-info", "-l" + libs));
        for (Map.Entry<String, byte[]> e : natives(root).entrySet()) {
            String name = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
            // whisper-jni loads its libggml variant under the name libggml.so, which libwhisper.so.1 needs
            Path file = libs.resolve(name.matches("libggml\\+.*\\.so") ? "variant-" + name : name);
            Files.write(file, e.getValue());
            command.add(file.toString());
        }
        DebPackages.Result r = DebPackages.run(command, Map.of(), 300, work.getParent());
        assertEquals(0, r.status(), r.output());
        Matcher line = Pattern.compile("shlibs:Depends=(.*)").matcher(r.output());
        assertTrue(line.find(), r.output());
        String depends = DebPackages.field(deb, "Depends");
        Matcher want = Pattern.compile("([a-z0-9.+-]+) \\(>= ([^)]+)\\)").matcher(line.group(1));
        while (want.find()) {
            Matcher have = Pattern.compile(Pattern.quote(want.group(1)) + " \\(>= ([^)]+)\\)").matcher(depends);
            assertTrue(have.find(), want.group(1) + " is in Depends: " + depends);
            assertEquals(0, DebPackages.run(List.of("dpkg", "--compare-versions", have.group(1), "ge", want.group(2)))
                    .status(), want.group(0) + " is covered by " + have.group(0));
        }
        System.out.println("dpkg-shlibdeps on the amd64 natives: " + line.group(1) + "\nDepends: " + depends);
    }

    /** Native libraries in the package: inside its jars ("jar!entry") and loose ELF files. */
    private static Map<String, byte[]> natives(Path root) throws IOException {
        Map<String, byte[]> found = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            String rel = root.relativize(f).toString();
            if (rel.endsWith(".jar")) {
                try (ZipFile zip = new ZipFile(f.toFile())) {
                    for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                        ZipEntry z = en.nextElement();
                        if (!z.isDirectory() && NATIVE.matcher(z.getName()).matches()) {
                            try (InputStream in = zip.getInputStream(z)) {
                                found.put(f.getFileName() + "!" + z.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            } else if (isElf(head(f))) {
                found.put(rel, Files.readAllBytes(f));
            }
        }
        return found;
    }

    private static Set<String> entries(Path jar) throws IOException {
        Set<String> names = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().forEach(e -> names.add(e.getName()));
        }
        return names;
    }

    private static byte[] head(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            return in.readNBytes(20);
        }
    }

    private static boolean isElf(byte[] b) {
        return b.length >= 20 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
    }

    /** e_machine, little-endian (both architectures are). */
    private static int machine(byte[] b) {
        return (b[18] & 0xff) | (b[19] & 0xff) << 8;
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int k = 0; k < Math.max(x.length, y.length); k++) {
            int d = Integer.compare(k < x.length ? Integer.parseInt(x[k]) : 0, k < y.length ? Integer.parseInt(y[k]) : 0);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

}
