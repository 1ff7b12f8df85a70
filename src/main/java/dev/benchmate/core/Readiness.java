package dev.benchmate.core;

import java.util.List;

/**
 * Whether Benchmate can answer, and if not, why; and each optional part, on or off with why (being
 * off does not make it not ready). The log at start, systemd's status and /q/health/ready say this.
 */
public record Readiness(boolean ready, String detail, List<Feature> features) {
    /** An optional part: the microphone, the camera, transcription, the wake phrase, the voice. */
    public record Feature(String name, boolean on, String detail) {
        public static Feature on(String name, String detail) {
            return new Feature(name, true, detail);
        }

        public static Feature off(String name, String why) {
            return new Feature(name, false, why);
        }

        @Override
        public String toString() {
            return name + (on ? " on (" : " OFF (") + detail + ")";
        }
    }

    public static Readiness ready(String detail, List<Feature> features) {
        return new Readiness(true, detail, List.copyOf(features));
    }

    public static Readiness notReady(String reason, List<Feature> features) {
        return new Readiness(false, reason, List.copyOf(features));
    }

    public static Readiness notReady(String reason) {
        return notReady(reason, List.of());
    }
}
