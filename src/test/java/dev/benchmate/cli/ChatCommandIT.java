package dev.benchmate.cli;

import dev.benchmate.testing.JarProcess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.testing.SimulatedNpu;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chat command of the packaged jar, driven through its terminal like a person would. */
class ChatCommandIT {
    /** On each RKLLM ABI, chosen as the seed's readers would (--rkllm-api), and with auto (the 1.3.x build). */
    @ParameterizedTest(name = "--rkllm-api {0}")
    @ValueSource(strings = {"1.2", "1.3", "auto"})
    void answersPictureQuestionsAndFollowUpsAndClearResets(String api) throws Exception {
        Path demo = SimulatedNpu.sharedData("demo.jpg");
        try (JarProcess chat = JarProcess.start(List.of(), "chat", "--sim", "--rkllm-api", api, demo.toString())) {
            assertTrue(chat.awaitOutput("user: ", 60), chat.output());
            chat.type("0\n");
            assertTrue(chat.awaitOutput("Simulated answer to turn 1. The picture is ", 30), chat.output());
            chat.type("2\n");
            assertTrue(chat.awaitOutput("Simulated answer to turn 2. The picture is ", 30), chat.output());
            chat.type("<image>这张图片中有什么？\n");
            assertTrue(chat.awaitOutput("模拟回答，第3轮。图片是", 30), chat.output());
            chat.type("clear\n");
            chat.type("Hello?\n");
            assertTrue(chat.awaitOutput("robot: Simulated answer to turn 1.\n", 30), chat.output());
            chat.type("exit\n");
            assertEquals(0, chat.awaitExit(30), chat.output());
            String out = chat.output();
            assertTrue(out.contains("SIMULATED NPU"), "the simulator says it is one");
            assertTrue(out.contains("LLM model loaded in"));
            assertTrue(out.contains("ImgEnc inference took"));
            assertTrue(out.contains("[prefill "), "each turn prints its figures");
            assertTrue(out.contains("SIMULATED librkllmrt: released (rkllm_destroy)"), out);
            assertEquals(api.equals("1.2"), out.contains("target/sim/lib-1.2"), "the 1.2.x build for 1.2 only: " + out);
        }
    }

    @Test
    void aWrongRkllmApiIsRefusedByName() throws Exception {
        Path demo = SimulatedNpu.sharedData("demo.jpg");
        try (JarProcess chat = JarProcess.start(List.of(), "chat", "--sim", "--rkllm-api", "1.1", demo.toString())) {
            assertEquals(1, chat.awaitExit(60));
            assertTrue(chat.output().contains("chat: --rkllm-api is '1.1'; it takes auto"), chat.output());
        }
    }

    @Test
    void aMissingImageIsOneLineAndANonZeroExit() throws Exception {
        try (JarProcess chat = JarProcess.start(List.of(), "chat", "--sim", "/nonexistent/photo.jpg")) {
            assertNotEquals(0, chat.awaitExit(60));
            String out = chat.output();
            assertTrue(out.contains("chat: image not found: /nonexistent/photo.jpg"), out);
            assertFalse(out.contains("Exception"), "no stack trace:\n" + out);
        }
    }

    @Test
    void missingModelsAreNamedAndTheExitIsNonZero() throws Exception {
        Path demo = SimulatedNpu.sharedData("demo.jpg");
        try (JarProcess chat = JarProcess.start(List.of(), "chat", demo.toString(), "/nonexistent/vision.rknn",
                "/nonexistent/llm.rkllm", "128", "512")) {
            assertNotEquals(0, chat.awaitExit(60));
            String out = chat.output();
            assertTrue(out.contains("language model not found: /nonexistent/llm.rkllm (the LLM_MODEL argument)"), out);
            assertTrue(out.contains("vision encoder model not found: /nonexistent/vision.rknn (the ENCODER_MODEL "
                    + "argument)"), out);
            assertFalse(out.contains("benchmate.llm.model"), "names what the person gave, not a setting: " + out);
            assertFalse(out.contains("Exception"), "no stack trace:\n" + out);
        }
    }

    @Test
    void moreNpuCoresThanTheSocHasAreRefusedByName() throws Exception {
        Path demo = SimulatedNpu.sharedData("demo.jpg");
        try (JarProcess chat = JarProcess.start(List.of(), "chat", "--sim", demo.toString(), "--npu-cores", "5")) {
            assertEquals(1, chat.awaitExit(60));
            assertTrue(chat.output().contains("chat: --npu-cores is 5, but rk3576 has 2 NPU core(s): give 1 to 2"),
                    chat.output());
        }
    }

    @Test
    void aContextTooSmallForTheAnswerNamesBothSettings() throws Exception {
        Path demo = SimulatedNpu.sharedData("demo.jpg");
        try (JarProcess chat = JarProcess.start(List.of("-Dbenchmate.llm.max-context-len=300"), "chat", "--sim",
                demo.toString())) {
            assertEquals(1, chat.awaitExit(60));
            String out = chat.output();
            assertTrue(out.contains("chat: benchmate.llm.max-context-len is 300, but benchmate.llm.max-new-tokens "
                    + "(256) and the system prompt"), out);
            assertTrue(out.contains("raise benchmate.llm.max-context-len or lower benchmate.llm.max-new-tokens"), out);
        }
    }

    @Test
    void endOfInputExitsCleanly() throws Exception {
        Path demo = SimulatedNpu.sharedData("demo.jpg");
        try (JarProcess chat = JarProcess.start(List.of(), "chat", "--sim", demo.toString())) {
            assertTrue(chat.awaitOutput("user: ", 60), chat.output());
            chat.process.getOutputStream().close();
            assertEquals(0, chat.awaitExit(30), chat.output());
        }
    }

    @Test
    void ctrlCReleasesTheNpu() throws Exception {
        Path demo = SimulatedNpu.sharedData("demo.jpg");
        try (JarProcess chat = JarProcess.start(List.of(), "chat", "--sim", demo.toString())) {
            assertTrue(chat.awaitOutput("user: ", 60), chat.output());
            chat.signal("INT");
            chat.awaitExit(30);
            assertTrue(chat.output().contains("SIMULATED librkllmrt: released (rkllm_destroy)"), chat.output());
            assertTrue(chat.output().contains("SIMULATED librknnrt: released (rknn_destroy)"), chat.output());
        }
    }

    @Test
    void withoutACommandTheServiceStartsAndSaysWhichModelIsMissing() throws Exception {
        try (JarProcess service = JarProcess.start(List.of("-Dbenchmate.llm.model=/nonexistent/llm.rkllm"))) {
            assertTrue(service.awaitOutput("NOT ready", 60), service.output());
            assertTrue(service.output().contains("language model not found: /nonexistent/llm.rkllm"), service.output());
            assertTrue(service.process.isAlive(), "the service keeps running");
            service.signal("TERM");
            assertEquals(0, service.awaitExit(30), "stopped by systemd is a clean stop: " + service.output());
        }
    }

    @Test
    void theServiceOnTheSimulatorIsReadyAndReleasesTheNpuOnStop() throws Exception {
        try (JarProcess service = JarProcess.start(List.of("-Dquarkus.profile=sim"))) {
            assertTrue(service.awaitOutput("Benchmate ready: SIMULATED NPU", 60), service.output());
            service.signal("TERM");
            assertEquals(0, service.awaitExit(30), service.output());
            assertTrue(service.output().contains("Releasing the NPU"), service.output());
            assertTrue(service.output().contains("SIMULATED librkllmrt: released (rkllm_destroy)"), service.output());
        }
    }
}
