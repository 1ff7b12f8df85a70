package dev.benchmate.core;

/** Whether the service can answer, and if not, why (a missing model file, a runtime that did not load). */
public record Readiness(boolean ready, String detail) {
    public static Readiness ready(String detail) {
        return new Readiness(true, detail);
    }

    public static Readiness notReady(String reason) {
        return new Readiness(false, reason);
    }
}
