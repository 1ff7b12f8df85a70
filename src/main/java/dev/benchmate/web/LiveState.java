package dev.benchmate.web;

import dev.benchmate.app.RunningBenchmate;
import dev.benchmate.core.TurnEvent;
import dev.benchmate.core.TurnState;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Where the assistant is (idle, listening, thinking, …), followed from the event hub for /api/status. */
@ApplicationScoped
public class LiveState {
    @Inject
    RunningBenchmate running;

    private volatile TurnState state = TurnState.IDLE;

    void follow(@Observes StartupEvent event) {
        running.onStart(b -> {
            if (b.loop().isPresent()) {
                state = TurnState.LISTENING;
            }
            b.hub().subscribe("web-state", 64, e -> {
                if (e.what() instanceof TurnEvent.StateChanged s) {
                    state = s.state();
                }
            });
        });
    }

    public TurnState state() {
        return state;
    }
}
