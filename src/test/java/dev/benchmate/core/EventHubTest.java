package dev.benchmate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hub on its own: publishing never waits, each subscriber has its own bounded queue and thread. */
class EventHubTest {
    static void awaitSize(List<?> list, int size) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (list.size() < size && System.nanoTime() < end) {
            Thread.sleep(2);
        }
    }

    @Test
    void eventsArriveInOrderWithTurnTimeAndSequenceOnTheSubscribersOwnThread() throws Exception {
        try (EventHub hub = new EventHub()) {
            List<Event> got = new CopyOnWriteArrayList<>();
            List<String> threads = new CopyOnWriteArrayList<>();
            hub.subscribe("a", 10, e -> {
                got.add(e);
                threads.add(Thread.currentThread().getName());
            });
            hub.publish(3, new TurnEvent.Transcribed("hello"));
            hub.publish(3, new TurnEvent.Token("Hi"));
            hub.publish(0, new TurnEvent.Woken());
            awaitSize(got, 3);
            assertEquals(List.of(3L, 3L, 0L), got.stream().map(Event::turn).toList());
            assertTrue(got.get(0).sequence() < got.get(1).sequence() && got.get(1).sequence() < got.get(2).sequence());
            assertTrue(got.stream().allMatch(e -> e.time() != null));
            assertEquals("benchmate-events-a", threads.get(0));
            assertNotEquals(Thread.currentThread().getName(), threads.get(0));
        }
    }

    @Test
    void aBlockedSubscriberLosesOnlyItsOwnEventsAndIsToldHowMany() throws Exception {
        try (EventHub hub = new EventHub()) {
            CountDownLatch release = new CountDownLatch(1);
            List<TurnEvent> slow = new CopyOnWriteArrayList<>();
            List<TurnEvent> fast = new CopyOnWriteArrayList<>();
            EventHub.Subscription s = hub.subscribe("slow", 2, e -> {
                try {
                    release.await();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                slow.add(e.what());
            });
            hub.subscribe("fast", 1000, e -> fast.add(e.what()));
            long t0 = System.nanoTime();
            for (int i = 0; i < 500; i++) {
                hub.publish(1, new TurnEvent.Token("t" + i));
            }
            double publishMs = (System.nanoTime() - t0) / 1e6;
            awaitSize(fast, 500);
            assertEquals(500, fast.size(), "the other subscriber got every event");
            assertTrue(s.dropped() >= 497, "dropped " + s.dropped());
            assertTrue(publishMs < 2000, "publishing did not wait for the blocked subscriber: " + publishMs + " ms");
            release.countDown();
            awaitSize(slow, 3);
            while (s.queued() > 0) {
                Thread.sleep(2);
            }
            hub.publish(1, new TurnEvent.Token("after"));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!slow.contains(new TurnEvent.Token("after")) && System.nanoTime() < end) {
                Thread.sleep(2);
            }
            assertEquals(new TurnEvent.Token("after"), slow.get(slow.size() - 1));
            long told = slow.stream().filter(e -> e instanceof TurnEvent.EventsDropped)
                    .mapToLong(e -> ((TurnEvent.EventsDropped) e).count()).sum();
            assertEquals(s.dropped(), told, "told exactly how many it missed, where: " + slow);
        }
    }

    @Test
    void aSubscriberThatThrowsKeepsReceiving() throws Exception {
        try (EventHub hub = new EventHub()) {
            List<TurnEvent> seen = new CopyOnWriteArrayList<>();
            EventHub.Subscription s = hub.subscribe("flaky", 10, e -> {
                seen.add(e.what());
                throw new IllegalStateException("boom");
            });
            hub.publish(1, new TurnEvent.Token("a"));
            hub.publish(1, new TurnEvent.Token("b"));
            awaitSize(seen, 2);
            assertTrue(dev.benchmate.testing.TestBench.eventually(() -> s.failures() == 2));
            assertEquals(2, seen.size());
        }
    }
}
