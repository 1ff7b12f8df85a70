package dev.benchmate.thinking;

/** A prefill-only run was stopped (abort) before it ended: the cache holds part of its input. */
public final class PrefillStoppedException extends LanguageModelException {
    public PrefillStoppedException() {
        super("the prefill was stopped");
    }
}
