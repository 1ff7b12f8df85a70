package dev.benchmate.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where Benchmate keeps its state: benchmate.state-dir when set; else $STATE_DIRECTORY, which
 * systemd sets for StateDirectory=benchmate; else /var/lib/benchmate where it can be written (the
 * .deb makes it); else ~/.local/state/benchmate, for a person trying it from a checkout.
 */
public final class StateDirectory {
    static final Path SYSTEM = Path.of("/var/lib/benchmate");

    private StateDirectory() {
    }

    public static Path resolve(Optional<Path> configured) {
        if (configured.isPresent()) {
            return configured.get();
        }
        String systemd = System.getenv("STATE_DIRECTORY");
        if (systemd != null && !systemd.isBlank()) {
            return Path.of(systemd.split(":")[0]);
        }
        if (Files.isDirectory(SYSTEM) ? Files.isWritable(SYSTEM) : Files.isWritable(SYSTEM.getParent())) {
            return SYSTEM;
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "benchmate");
    }
}
