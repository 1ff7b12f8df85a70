package dev.benchmate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.looking.ViewSignature;
import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.Picture;
import dev.benchmate.testing.Pictures;
import dev.benchmate.testing.TestBench;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When the view is encoded ahead, and how often: with a camera the test moves and an encoder that counts. */
class LookingAheadTest {
    final TestBench.FakeCamera camera = new TestBench.FakeCamera(Pictures.solid(320, 240, 30, 180, 30));
    final AtomicInteger encodings = new AtomicInteger();
    final List<String> failures = new CopyOnWriteArrayList<>();
    volatile boolean failing;
    LookingAhead ahead;

    @AfterEach
    void close() {
        if (ahead != null) {
            ahead.close();
        }
    }

    LookingAhead watching(Duration gap) {
        ahead = new LookingAhead(camera, frame -> {
            encodings.incrementAndGet();
            return Optional.of(failing ? CompletableFuture.failedFuture(new IllegalStateException("NPU timeout"))
                    : CompletableFuture.completedFuture(embedding()));
        }, () -> true, failures::add);
        ahead.configure(new LookingAhead.Settings(true, Duration.ofMillis(10), gap, 8));
        ahead.start();
        return ahead;
    }

    static ImageEmbedding embedding() {
        return new ImageEmbedding(new float[4], 1, 4, 2, 2, Duration.ZERO, "test");
    }

    @Test
    void aStillViewIsEncodedOnceAndAMovingOneNever() throws Exception {
        watching(Duration.ZERO);
        assertTrue(TestBench.eventually(() -> encodings.get() == 1), "the still view");
        Thread.sleep(300);
        assertEquals(1, encodings.get(), "encoded already: not again");
        // a hand moving under the camera: a new view at every look
        long end = System.currentTimeMillis() + 1500;
        int shade = 0;
        while (System.currentTimeMillis() < end) {
            camera.frame = Pictures.solid(320, 240, (shade += 40) % 250, 60, 60);
            Thread.sleep(10);
        }
        assertEquals(1, encodings.get(), "a view that never held still for a second is not encoded");
        assertTrue(ahead.matching(ViewSignature.of(camera.frame)).isEmpty());
    }

    @Test
    void encodingsNobodyUsesDoubleTheGapAndAUsedOneResetsIt() throws Exception {
        watching(Duration.ofMillis(100));
        assertTrue(TestBench.eventually(() -> encodings.get() == 1));
        camera.frame = Pictures.solid(320, 240, 220, 20, 20); // the first went unused
        assertTrue(TestBench.eventually(() -> encodings.get() == 2));
        assertEquals(Duration.ofMillis(200), ahead.gap());
        assertTrue(ahead.takeFor(ViewSignature.of(camera.frame)).isPresent(), "a question takes this one");
        camera.frame = Pictures.solid(320, 240, 20, 20, 220);
        assertTrue(TestBench.eventually(() -> encodings.get() == 3));
        assertEquals(Duration.ofMillis(100), ahead.gap(), "back to the set gap");
    }

    @Test
    void aFailedEncodingIsReportedWithItsCauseAndRests() throws Exception {
        failing = true;
        watching(Duration.ZERO);
        assertTrue(TestBench.eventually(() -> failures.size() == 1));
        assertTrue(failures.get(0).contains("NPU timeout") && failures.get(0).contains("no encoding ahead for 60 s"),
                failures.toString());
        camera.frame = Pictures.solid(320, 240, 220, 20, 20);
        Thread.sleep(1500);
        assertEquals(1, encodings.get(), "resting: no encoding for a minute");
        assertTrue(ahead.matching(ViewSignature.of(Pictures.solid(320, 240, 30, 180, 30))).isEmpty(),
                "a failed encoding serves no question");
    }

    @Test
    void aNewerFrameOfTheSameViewTakesTheEncodingAndAnotherViewDoesNot() throws Exception {
        watching(Duration.ZERO);
        assertTrue(TestBench.eventually(() -> encodings.get() == 1));
        Picture same = Pictures.solid(320, 240, 32, 178, 31); // the same bench, a little noise
        assertTrue(ahead.takeFor(ViewSignature.of(same)).isPresent());
        assertTrue(ahead.takeFor(ViewSignature.of(Pictures.solid(320, 240, 30, 180, 90))).isEmpty());
    }
}
