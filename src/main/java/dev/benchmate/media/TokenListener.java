package dev.benchmate.media;

/** Receives the answer as it is generated: whole characters only, in order, on the generating thread. */
@FunctionalInterface
public interface TokenListener {
    TokenListener NONE = text -> { };

    void onText(String text);
}
