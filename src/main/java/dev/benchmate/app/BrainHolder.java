package dev.benchmate.app;

import dev.benchmate.core.Brain;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Owns, for the process, the instance lock, the loaded {@link Brain} and whatever uses it, so that
 * every way out (a command's end, SIGTERM from systemd, Ctrl-C) stops the users, releases the NPU
 * exactly once, and then the lock.
 */
@ApplicationScoped
public class BrainHolder {
    private static final Logger LOG = Logger.getLogger(BrainHolder.class);
    private final AtomicReference<Brain> brain = new AtomicReference<>();
    private final AtomicReference<InstanceLock> lock = new AtomicReference<>();
    /** What uses the brain (the voice loop, the assistant, the camera, …): closed first, newest first. */
    private final Deque<AutoCloseable> users = new ConcurrentLinkedDeque<>();

    @Inject
    BenchmateConfig config;

    /**
     * Takes the machine's instance lock for this process, once.
     *
     * @param who what takes it ("the service", "the chat command")
     * @throws InstanceLock.HeldException when another Benchmate holds it
     */
    public synchronized void lock(String who) {
        if (lock.get() == null) {
            lock.set(InstanceLock.acquire(StateDirectory.resolve(config.stateDir()), who));
        }
    }

    /** Takes the lock (unless held already) and loads the brain. */
    public Brain load(BrainSettings settings, String who) {
        return load(settings, who, step -> { });
    }

    /** The same, telling each loading step as it begins. */
    public Brain load(BrainSettings settings, String who, java.util.function.Consumer<String> progress) {
        lock(who);
        return hold(BrainLoader.load(settings, progress));
    }

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
        InstanceLock l = lock.getAndSet(null);
        if (l != null) {
            l.close();
        }
    }
}
