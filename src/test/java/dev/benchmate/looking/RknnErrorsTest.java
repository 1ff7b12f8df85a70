package dev.benchmate.looking;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.bindings.rknn.RknnConstants;
import dev.benchmate.testing.SimulatedNpu;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RKNN's error codes in plain words, and a core mask the SoC cannot have refused by the runtime too. */
class RknnErrorsTest {
    @Test
    void everyVendorErrorCodeHasAnExplanation() {
        for (int code = -1; code >= -13; code--) {
            String d = RknnConstants.describe(code);
            assertTrue(d.startsWith("RKNN_ERR_"), code + ": " + d);
        }
        String platform = RknnConstants.describe(-13);
        assertTrue(platform.contains("target platform mismatch") && platform.contains("another SoC"), platform);
        assertTrue(RknnConstants.describe(-99).contains("not one of rknn_api.h's codes"));
    }

    @Test
    void theSimulatedRk3576RefusesAMaskWithAThirdCore() {
        var sim = SimulatedNpu.simulator();
        VisionEncoderException e = assertThrows(VisionEncoderException.class, () -> RknnVisionEncoder.open(
                Optional.of(sim.libraryDir()), sim.visionModel(), RknnConstants.RKNN_NPU_CORE_0_1_2));
        assertTrue(e.getMessage().contains("RKNN_ERR_PARAM_INVALID"), e.getMessage());
        RknnVisionEncoder.open(Optional.of(sim.libraryDir()), sim.visionModel(), RknnConstants.RKNN_NPU_CORE_0_1)
                .close();
    }
}
