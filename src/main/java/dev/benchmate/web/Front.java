package dev.benchmate.web;

import dev.benchmate.app.Benchmate;
import dev.benchmate.app.RunningBenchmate;
import dev.benchmate.core.Readiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The running Benchmate as the web sees it: there, or a 503 that says why and when to retry. */
@ApplicationScoped
public class Front {
    @Inject
    RunningBenchmate running;

    /** The service's Benchmate, or NotServing (503) while it starts or when it could not start. */
    public Benchmate benchmate() {
        return running.get().orElseThrow(() -> {
            Readiness r = running.readiness();
            boolean starting = r.detail().startsWith("starting");
            return new NotServing(503, starting ? "Benchmate is " + r.detail() : "Benchmate is not ready: " + r.detail(),
                    starting ? 5 : 60);
        });
    }

    public RunningBenchmate running() {
        return running;
    }
}
