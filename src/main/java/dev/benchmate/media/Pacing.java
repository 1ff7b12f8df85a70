package dev.benchmate.media;

/** Waiting for a moment on the monotonic clock, as a sound device paces audio. */
public final class Pacing {
    private Pacing() {
    }

    /**
     * Sleeps until System.nanoTime() reaches {@code due}.
     *
     * @return false when interrupted (the interrupt flag is set again for the caller)
     */
    public static boolean sleepUntil(long due) {
        long wait = due - System.nanoTime();
        if (wait <= 0) {
            return true;
        }
        try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
