package dev.benchmate.core;

/** Receives turn events, on the turn's thread; must return quickly. */
@FunctionalInterface
public interface TurnListener {
    TurnListener NONE = e -> { };

    void on(TurnEvent event);
}
