package dev.benchmate.core;

import java.util.List;

/**
 * Whether Benchmate is alive: every thread it needs is running and nothing is stuck. Not alive
 * names each part that is dead or stuck; the systemd watchdog and /q/health/live report this.
 */
public record Liveness(boolean alive, List<String> problems) {
    public static final Liveness ALIVE = new Liveness(true, List.of());

    public static Liveness of(List<String> problems) {
        return problems.isEmpty() ? ALIVE : new Liveness(false, List.copyOf(problems));
    }

    @Override
    public String toString() {
        return alive ? "alive" : "NOT alive: " + String.join("; ", problems);
    }
}
