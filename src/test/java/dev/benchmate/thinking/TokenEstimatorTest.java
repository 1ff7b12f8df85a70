package dev.benchmate.thinking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenEstimatorTest {
    private final TokenEstimator estimator = new TokenEstimator();

    @Test
    void specialTagsAreOneTokenEach() {
        assertEquals(2, estimator.estimate("<|im_start|><|im_end|>"));
    }

    @Test
    void digitsCountOneEachAndCjkOneEach() {
        assertEquals(4, estimator.estimate("2024"));
        assertEquals(4, estimator.estimate("红色电阻"));
    }

    @Test
    void errsHighOnLongWords() {
        assertTrue(estimator.estimate("electrolytic capacitor") >= 2);
        assertEquals(5, estimator.estimate("Hello, world"), "Hel|lo , wor|ld: at most four letters a token");
    }

    @Test
    void calibrationOnlyRaisesTheEstimate() {
        int before = estimator.estimate("a b c d e f g h");
        estimator.calibrate(100, 50);
        assertEquals(before, estimator.estimate("a b c d e f g h"), "an over-estimate is kept");
        estimator.calibrate(100, 150);
        assertEquals((int) Math.ceil(before * 1.5), estimator.estimate("a b c d e f g h"));
    }
}
