package dev.benchmate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The warm-up at start: done before the start goes on, a failure reported and survived, never endless. */
class WarmUpTest {
    @Test
    void everyStepIsDoneBeforeTheStartGoesOn() {
        List<String> done = new CopyOnWriteArrayList<>();
        WarmUp.Report r = WarmUp.run(List.of(new WarmUp.Step("voice", () -> done.add("voice")),
                new WarmUp.Step("transcriber", () -> done.add("transcriber"))), Duration.ofMinutes(1));
        assertEquals(List.of("voice", "transcriber"), done, "both ran, in order, by the time it returned");
        assertTrue(r.complete(), r.summary());
        assertEquals(List.of("voice", "transcriber"), List.copyOf(r.warmedMs().keySet()));
        assertTrue(r.summary().matches("voice \\d+ ms, transcriber \\d+ ms"), r.summary());
    }

    @Test
    void aFailedStepIsReportedWithWhyAndTheNextStillRuns() {
        List<String> done = new CopyOnWriteArrayList<>();
        WarmUp.Report r = WarmUp.run(List.of(
                new WarmUp.Step("voice", () -> {
                    throw new IllegalStateException("MaryTTS voice 'x' is not installed");
                }),
                new WarmUp.Step("transcriber", () -> done.add("transcriber"))), Duration.ofMinutes(1));
        assertFalse(r.complete());
        assertEquals("MaryTTS voice 'x' is not installed", r.failed().get("voice"));
        assertEquals(List.of("transcriber"), done);
        assertTrue(r.summary().contains("voice FAILED: MaryTTS voice 'x' is not installed"), r.summary());
    }

    @Test
    @Timeout(60) // a guard: an unbounded warm-up would hang here
    void aStepThatNeverEndsDoesNotHoldTheStart() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch lateStepRan = new CountDownLatch(1);
        try {
            WarmUp.Report r = WarmUp.run(List.of(new WarmUp.Step("transcriber", never::await),
                    new WarmUp.Step("voice", lateStepRan::countDown)), Duration.ofMillis(200));
            assertFalse(r.complete());
            assertEquals(List.of("transcriber", "voice"), r.unfinished());
            assertTrue(r.summary().contains("transcriber not finished after"), r.summary());
        } finally {
            never.countDown();
        }
        lateStepRan.await(); // the rest goes on in the background once the stuck step ends
    }
}
