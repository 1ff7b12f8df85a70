package dev.benchmate.appliance;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * The log as the journal wants it, when systemd runs the service ($JOURNAL_STREAM is set): each line
 * starts with its syslog priority ({@code <3>} error, {@code <4>} warning, {@code <6>} info,
 * {@code <7>} debug), which journald takes as the entry's level, and carries no time stamp of its
 * own (the journal stamps every entry).
 */
final class JournalFormat extends Formatter {
    /** Switches the console handlers to this format when the output goes to the journal. */
    static boolean useIfJournal() {
        if (System.getenv("JOURNAL_STREAM") == null) {
            return false;
        }
        int[] switched = {0};
        for (Handler h : LogContext.getLogContext().getLogger("").getHandlers()) {
            apply(h, switched);
        }
        return switched[0] > 0;
    }

    private static void apply(Handler h, int[] switched) {
        if (h instanceof ConsoleHandler console) {
            console.setFormatter(new JournalFormat());
            switched[0]++;
        } else if (h instanceof ExtHandler ext) {
            for (Handler child : ext.getHandlers()) {
                apply(child, switched);
            }
        }
    }

    static int priority(Level level) {
        int v = level.intValue();
        if (v >= 1100) {
            return 2; // fatal: critical
        }
        if (v >= 1000) {
            return 3; // error
        }
        if (v >= 900) {
            return 4; // warning
        }
        if (v >= 800) {
            return 6; // info
        }
        return 7; // debug, trace
    }

    @Override
    public String format(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : formatMessage(record);
        String category = record.getLoggerName() == null ? "" : shortCategory(record.getLoggerName());
        StringBuilder line = new StringBuilder().append('<').append(priority(record.getLevel())).append(">[")
                .append(category).append("] ").append(message);
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            // One journal entry per line: each keeps the record's priority.
            for (String t : trace.toString().split("\\R")) {
                line.append('\n').append('<').append(priority(record.getLevel())).append('>').append(t);
            }
        }
        return line.append('\n').toString();
    }

    /** dev.benchmate.app.BrainLoader → d.b.a.BrainLoader, as the console format shows it. */
    static String shortCategory(String name) {
        String[] parts = name.split("\\.");
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            s.append(parts[i].isEmpty() ? "" : parts[i].substring(0, 1)).append('.');
        }
        return s.append(parts[parts.length - 1]).toString();
    }
}
