package dev.benchmate.appliance;

import dev.benchmate.bindings.systemd.NotifySocket;
import dev.benchmate.core.Liveness;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What the service tells systemd (Type=notify): STATUS lines while it starts, READY=1 once it
 * serves, WATCHDOG=1 every WATCHDOG_USEC/2 but only while Benchmate is alive (so a dead thread or a
 * stuck turn gets it restarted), STOPPING=1 when it stops. Does nothing outside systemd.
 */
final class SystemdNotifier implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SystemdNotifier.class);
    private final Optional<NotifySocket> socket;
    private volatile Thread watchdog;
    private volatile boolean closed;

    private SystemdNotifier(Optional<NotifySocket> socket) {
        this.socket = socket;
    }

    static SystemdNotifier fromEnvironment() {
        return new SystemdNotifier(NotifySocket.fromEnvironment());
    }

    boolean active() {
        return socket.isPresent();
    }

    /** A line for systemctl status. */
    void status(String text) {
        send("STATUS=" + oneLine(text));
    }

    void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    void stopping() {
        send("STOPPING=1\nSTATUS=stopping: releasing the NPU");
    }

    /**
     * Pings the watchdog while the verdict says alive; when it does not, says why in the status
     * instead, and systemd restarts the service once WatchdogSec has passed without a ping.
     */
    void watch(Supplier<Liveness> liveness) {
        Optional<Duration> interval = watchdogInterval();
        if (socket.isEmpty() || interval.isEmpty()) {
            return;
        }
        Thread t = new Thread(() -> ping(liveness, interval.get()), "benchmate-watchdog");
        t.setDaemon(true);
        watchdog = t;
        t.start();
        LOG.debugf("systemd watchdog: a ping every %d ms while alive", interval.get().toMillis());
    }

    private void ping(Supplier<Liveness> liveness, Duration interval) {
        Liveness last = Liveness.ALIVE;
        while (!closed) {
            Liveness now;
            try {
                now = liveness.get();
            } catch (RuntimeException e) {
                now = Liveness.of(java.util.List.of("the liveness check failed: " + e));
            }
            if (now.alive()) {
                send("WATCHDOG=1");
                if (!last.alive()) {
                    status("alive again");
                }
            } else if (!now.equals(last)) {
                status(now.toString());
            }
            last = now;
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Half of WATCHDOG_USEC, when systemd asked this process for pings. */
    static Optional<Duration> watchdogInterval() {
        String usec = System.getenv("WATCHDOG_USEC");
        String pid = System.getenv("WATCHDOG_PID");
        if (usec == null || usec.isBlank()) {
            return Optional.empty();
        }
        if (pid != null && !pid.isBlank() && !pid.trim().equals(Long.toString(ProcessHandle.current().pid()))) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(usec.trim());
            return micros <= 0 ? Optional.empty() : Optional.of(Duration.ofNanos(micros * 1000 / 2));
        } catch (NumberFormatException e) {
            LOG.warnf("WATCHDOG_USEC is not a number of microseconds: %s; no watchdog pings", usec);
            return Optional.empty();
        }
    }

    private void send(String message) {
        socket.ifPresent(s -> {
            if (!s.send(message)) {
                LOG.debugf("could not tell systemd %s (%s)", message, s.name());
            }
        });
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ');
    }

    @Override
    public void close() {
        closed = true;
        Thread t = watchdog;
        if (t != null) {
            t.interrupt();
        }
    }
}
