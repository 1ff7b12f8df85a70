package dev.benchmate.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * lintian finds no error in either package, and the README explains every warning and note it
 * gives (the section "What lintian says").
 */
class DebLintianIT {
    @ParameterizedTest
    @ValueSource(strings = {"arm64", "amd64"})
    void noErrorsAndEveryOtherTagExplained(String arch) throws Exception {
        var deb = DebPackages.deb(arch);
        DebPackages.requireTool("lintian", "lintian");
        DebPackages.Result r = DebPackages.run(List.of("lintian", "--info", "--display-level", ">=pedantic",
                "--no-tag-display-limit", deb.toString()), java.util.Map.of(), 600);
        System.out.println("lintian " + deb.getFileName() + " (exit " + r.status() + "):\n" + r.output());
        List<String> tags = r.output().lines().filter(l -> l.matches("^[EWIPX]: .*")).toList();
        List<String> errors = tags.stream().filter(l -> l.startsWith("E: ")).toList();
        assertEquals(List.of(), errors, "lintian errors");
        assertEquals(0, r.status(), r.output());
        String readme = Files.readString(DebPackages.sourceDir().resolve("README.md"));
        String section = readme.substring(readme.indexOf("### What lintian says"));
        Set<String> unexplained = new TreeSet<>();
        Matcher m = Pattern.compile("^[WIPX]: benchmate: ([a-z0-9.+-]+)", Pattern.MULTILINE).matcher(String.join("\n", tags));
        while (m.find()) {
            if (!section.contains("`" + m.group(1) + "`")) {
                unexplained.add(m.group(1));
            }
        }
        assertTrue(unexplained.isEmpty(), "tags the README does not explain: " + unexplained);
    }
}
