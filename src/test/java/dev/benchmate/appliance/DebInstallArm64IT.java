package dev.benchmate.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The arm64 package installs and purges in a scratch root of its own too (dpkg --root, the root's
 * architecture list extended with arm64): the same maintainer scripts, the board's configuration.
 * Nothing in it runs here; DebInstallIT runs the amd64 package's application and its upgrade.
 */
class DebInstallArm64IT {
    @Test
    void installAndPurge() throws Exception {
        Path deb = DebPackages.deb("arm64");
        DebPackages.requireTool("dpkg", "dpkg");
        DebPackages.requireTool("useradd", "passwd");
        DebPackages.requireTool("deb-systemd-helper", "init-system-helpers");
        DebPackages.requireRoot();
        Path root = DebPackages.scratchRoot(DebPackages.targetDir().resolve("deb-root-arm64"));
        DebPackages.run(List.of("dpkg", "--root=" + root, "--add-architecture", "arm64")).ok("dpkg --add-architecture");

        DebPackages.dpkg(root, "-i", deb.toString()).ok("dpkg -i");
        assertEquals("install ok installed", DebPackages.run(List.of("dpkg-query", "--root=" + root, "-W", "-f=${Status}",
                "benchmate:arm64")).ok("dpkg-query").output().strip());
        assertTrue(Files.readString(root.resolve("etc/passwd")).contains("\nbenchmate:"), "the user is made");
        assertTrue(Files.isSymbolicLink(root.resolve("etc/systemd/system/multi-user.target.wants/benchmate.service")));
        String config = Files.readString(root.resolve("etc/benchmate/application.properties"));
        assertTrue(config.contains("\nbenchmate.listening.vosk-library=/var/lib/benchmate/models\n"), config);
        assertFalse(Files.exists(root.resolve("usr/lib/benchmate")), "no simulator on the board");
        assertTrue(Files.isDirectory(root.resolve("var/lib/benchmate/models")));

        DebPackages.dpkg(root, "-P", "benchmate:arm64").ok("dpkg -P");
        assertFalse(Files.exists(root.resolve("etc/benchmate")));
        assertFalse(Files.exists(root.resolve("var/lib/benchmate")));
        assertFalse(Files.exists(root.resolve("usr/share/benchmate")));
        assertFalse(Files.readString(root.resolve("etc/passwd")).contains("\nbenchmate:"), "the user is gone");
        assertFalse(Files.exists(root.resolve("etc/systemd/system/multi-user.target.wants/benchmate.service"),
                java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
}
