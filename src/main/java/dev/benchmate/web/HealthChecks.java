package dev.benchmate.web;

import dev.benchmate.app.RunningBenchmate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * /q/health/live and /q/health/ready: the loop's own verdicts, with details. Live: every thread
 * Benchmate needs runs and nothing is stuck. Ready: the brain is loaded and the loop alive; the
 * optional parts (microphone, camera, transcription, wake phrase, voices) are listed on or off
 * with why, and an off part does not make it DOWN.
 */
@ApplicationScoped
public class HealthChecks {
    @Inject
    RunningBenchmate running;

    @Produces
    @Liveness
    HealthCheck alive() {
        return () -> {
            dev.benchmate.core.Liveness l = running.liveness();
            HealthCheckResponseBuilder b = HealthCheckResponse.named("benchmate").status(l.alive());
            for (int i = 0; i < l.problems().size(); i++) {
                b.withData("problem " + (i + 1), l.problems().get(i));
            }
            return b.build();
        };
    }

    @Produces
    @Readiness
    HealthCheck ready() {
        return () -> {
            dev.benchmate.core.Readiness r = running.readiness();
            boolean alive = running.liveness().alive();
            HealthCheckResponseBuilder b = HealthCheckResponse.named("benchmate").status(r.ready() && alive)
                    .withData("detail", r.detail());
            if (!alive) {
                b.withData("alive", running.liveness().toString());
            }
            for (dev.benchmate.core.Readiness.Feature f : r.features()) {
                b.withData(f.name(), (f.on() ? "on: " : "off: ") + f.detail());
            }
            return b.build();
        };
    }
}
