package dev.benchmate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Supervised threads: restarted when they die, given up when they keep dying, stuck when they hang. */
class SupervisorTest {
    @Test
    void aThreadThatDiesIsReportedAndStartedAgain() throws Exception {
        try (EventHub hub = new EventHub(); Supervisor supervisor = new Supervisor(hub, InstantSource.system(),
                Duration.ofMillis(10))) {
            List<TurnEvent> events = new CopyOnWriteArrayList<>();
            hub.subscribe("test", 100, e -> events.add(e.what()));
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch second = new CountDownLatch(1);
            Supervisor.Worker w = supervisor.start("dispatch", Stage.DISPATCH, Duration.ofSeconds(5), worker -> {
                if (runs.incrementAndGet() == 1) {
                    throw new IllegalStateException("the spotter crashed");
                }
                second.countDown();
                while (!worker.stopping()) {
                    worker.waiting();
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            assertTrue(second.await(5, TimeUnit.SECONDS), "started again");
            assertTrue(dev.benchmate.testing.TestBench.eventually(() -> !events.isEmpty()));
            assertTrue(events.stream().anyMatch(e -> e instanceof TurnEvent.Failed f && f.stage() == Stage.DISPATCH
                    && f.cause().contains("the spotter crashed") && f.turnGoesOn()), events.toString());
            assertTrue(supervisor.liveness().alive());
            w.stop();
        }
    }

    @Test
    void aThreadThatKeepsDyingIsGivenUpAndNamedDead() throws Exception {
        try (EventHub hub = new EventHub(); Supervisor supervisor = new Supervisor(hub, InstantSource.system(),
                Duration.ofMillis(1))) {
            Supervisor.Worker w = supervisor.start("capture", Stage.CAPTURE, Duration.ofSeconds(5), worker -> {
                throw new IllegalStateException("no such device");
            });
            w.awaitEnd(Duration.ofSeconds(10));
            Liveness l = supervisor.liveness();
            assertFalse(l.alive());
            assertEquals(List.of("capture is dead (it kept failing)"), l.problems());
        }
    }

    @Test
    void aThreadInsideOneStepTooLongIsStuck() throws Exception {
        try (EventHub hub = new EventHub(); Supervisor supervisor = new Supervisor(hub, InstantSource.system())) {
            CountDownLatch release = new CountDownLatch(1);
            supervisor.start("dispatch", Stage.DISPATCH, Duration.ofMillis(200), worker -> {
                worker.working();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    return;
                }
                worker.waiting();
            });
            Thread.sleep(1300);
            Liveness l = supervisor.liveness();
            assertFalse(l.alive());
            assertTrue(l.problems().get(0).startsWith("dispatch is stuck"), l.toString());
            release.countDown();
            assertTrue(dev.benchmate.testing.TestBench.eventually(() -> supervisor.liveness().alive()));
        }
    }
}
