package dev.benchmate.app.models;

import java.io.PrintStream;
import java.util.Locale;

/**
 * How far a download or a checksum has got. On a terminal, a bar redrawn in place; otherwise
 * (a log, a pipe) a plain line at each quarter, so a journal is not flooded.
 */
interface Progress {
    Progress NONE = done -> { };

    String DOWNLOADING = "downloading";

    void advance(long done);

    /** Starts the progress of one task: a bar on a terminal, plain lines otherwise, nothing at all. */
    interface Factory {
        Factory NONE = (name, action, total, from) -> Progress.NONE;

        Progress start(String name, String action, long total, long from);

        /**
         * On a terminal, a bar for every task; otherwise plain lines for downloads of 16 MB or more
         * (checksums and small files print nothing until they end).
         */
        static Factory on(PrintStream out, boolean terminal) {
            return (name, action, total, from) -> terminal || (action.equals(DOWNLOADING) && total >= 16_000_000)
                    ? of(out, terminal, name, action, total, from) : Progress.NONE;
        }
    }

    /** A progress report for one task on the given stream. */
    static Progress of(PrintStream out, boolean terminal, String name, String action, long total, long from) {
        return terminal ? new Bar(out, name, action, total, from) : new Lines(out, name, action, total);
    }

    /** Ends a bar's line; does nothing for plain lines. */
    default void end() {
    }

    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        if (bytes < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    final class Lines implements Progress {
        private final PrintStream out;
        private final String name;
        private final String action;
        private final long total;
        private int quarter;

        Lines(PrintStream out, String name, String action, long total) {
            this.out = out;
            this.name = name;
            this.action = action;
            this.total = total;
        }

        @Override
        public void advance(long done) {
            if (total <= 0) {
                return;
            }
            int q = (int) Math.min(3, done * 4 / total);
            if (q > quarter && done < total) {
                quarter = q;
                out.println(name + ": " + action + " " + (q * 25) + "% (" + size(done) + " of " + size(total) + ")");
            }
        }
    }

    final class Bar implements Progress {
        private static final int WIDTH = 30;
        private final PrintStream out;
        private final String label;
        private final long total;
        private final long from;
        private final long started = System.nanoTime();
        private long lastDraw;
        private boolean drawn;

        Bar(PrintStream out, String name, String action, long total, long from) {
            this.out = out;
            this.label = name + " (" + action + ")";
            this.total = total;
            this.from = from;
        }

        @Override
        public void advance(long done) {
            long now = System.nanoTime();
            if (drawn && now - lastDraw < 200_000_000L && done != total) {
                return;
            }
            lastDraw = now;
            drawn = true;
            double seconds = Math.max(1e-3, (now - started) / 1e9);
            String rate = size((long) ((done - from) / seconds)) + "/s";
            if (total > 0) {
                int filled = (int) (WIDTH * Math.min(1.0, (double) done / total));
                out.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                        + String.format(Locale.ROOT, "%3d%%", done * 100 / total) + " " + size(done) + " of "
                        + size(total) + ", " + rate + "   ");
            } else {
                out.print("\r" + label + " " + size(done) + ", " + rate + "   ");
            }
            out.flush();
        }

        @Override
        public void end() {
            if (drawn) {
                out.println();
            }
        }
    }
}
