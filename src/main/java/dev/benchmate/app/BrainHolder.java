package dev.benchmate.app;

import dev.benchmate.core.Brain;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Owns the loaded {@link Brain} for the process, so that every way out (a command's end, SIGTERM
 * from systemd, Ctrl-C) releases the NPU exactly once.
 */
@ApplicationScoped
public class BrainHolder {
    private static final Logger LOG = Logger.getLogger(BrainHolder.class);
    private final AtomicReference<Brain> brain = new AtomicReference<>();
    /** What uses the brain (the voice loop, the camera, …): closed first, newest first. */
    private final java.util.Deque<AutoCloseable> users = new java.util.concurrent.ConcurrentLinkedDeque<>();

    public Brain hold(Brain loaded) {
        Brain previous = brain.getAndSet(loaded);
        if (previous != null) {
            previous.close();
        }
        return loaded;
    }

    /** Something that must stop before the NPU is released. */
    public <T extends AutoCloseable> T holdUser(T user) {
        users.push(user);
        return user;
    }

    public Optional<Brain> current() {
        return Optional.ofNullable(brain.get());
    }

    void onShutdown(@Observes ShutdownEvent event) {
        release();
    }

    @PreDestroy
    public void release() {
        for (AutoCloseable u = users.poll(); u != null; u = users.poll()) {
            try {
                u.close();
            } catch (Exception e) {
                LOG.warnf("Closing %s failed: %s", u, e.getMessage());
            }
        }
        Brain b = brain.getAndSet(null);
        if (b != null) {
            LOG.info("Releasing the NPU (rkllm_destroy, rknn_destroy)");
            b.close();
        }
    }
}
