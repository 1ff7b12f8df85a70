package dev.benchmate.app;

import dev.benchmate.core.Liveness;
import dev.benchmate.core.Readiness;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The service's Benchmate, for the front doors beside the microphone (the web API, health,
 * metrics, the systemd watchdog): absent while it starts (with what it is doing), absent for good
 * when it could not be built (with why), present once it answers.
 */
@ApplicationScoped
public class RunningBenchmate {
    private volatile Benchmate benchmate;
    private volatile Readiness notReady = Readiness.notReady("starting");
    private final java.util.List<java.util.function.Consumer<Benchmate>> listeners = new java.util.ArrayList<>();

    /** What the service is doing while it starts ("loading the language model (2.1 GB)…"). */
    public void starting(String step) {
        if (benchmate == null) {
            notReady = Readiness.notReady("starting: " + step);
        }
    }

    public void started(Benchmate b) {
        java.util.List<java.util.function.Consumer<Benchmate>> now;
        synchronized (listeners) {
            benchmate = b;
            now = java.util.List.copyOf(listeners);
        }
        now.forEach(l -> l.accept(b));
    }

    /**
     * Something to do once Benchmate answers (subscribe to its events, say, for metrics or the
     * console); at once when it already does.
     */
    public void onStart(java.util.function.Consumer<Benchmate> listener) {
        Benchmate b;
        synchronized (listeners) {
            b = benchmate;
            if (b == null) {
                listeners.add(listener);
            }
        }
        if (b != null) {
            listener.accept(b);
        }
    }

    /** It could not be built; the service stays up and says why. */
    public void failed(String why) {
        notReady = Readiness.notReady(why);
    }

    public Optional<Benchmate> get() {
        return Optional.ofNullable(benchmate);
    }

    /** Ready or not, and why; each optional part on or off. */
    public Readiness readiness() {
        Benchmate b = benchmate;
        return b == null ? notReady : b.readiness();
    }

    /** Alive unless a part is dead or stuck (not ready is still alive: it says why). */
    public Liveness liveness() {
        Benchmate b = benchmate;
        return b == null ? Liveness.ALIVE : b.liveness();
    }
}
