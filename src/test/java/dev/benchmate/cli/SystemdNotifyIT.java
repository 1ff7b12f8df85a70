package dev.benchmate.cli;

import dev.benchmate.testing.JarProcess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.testing.DatagramListener;
import dev.benchmate.testing.Pictures;
import dev.benchmate.testing.Sessions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service under systemd's notify protocol, with a socket the test binds in systemd's place:
 * status while it starts, READY=1, WATCHDOG=1 while alive, none once a turn hangs, STOPPING=1 and
 * exit 0 on SIGTERM.
 */
class SystemdNotifyIT {
    static long count(List<String> lines, String line) {
        return lines.stream().filter(line::equals).count();
    }

    static boolean await(DatagramListener l, java.util.function.Predicate<List<String>> test, long seconds)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (test.test(l.lines())) {
                return true;
            }
            Thread.sleep(100);
        }
        return test.test(l.lines());
    }

    @Test
    void statusReadyWatchdogWhileAliveAndStoppingOnSigterm(@TempDir Path dir) throws Exception {
        Path wav = Sessions.write(dir, "hang", 30, new Sessions.Said(2, "What is on the bench?"));
        Path picture = Pictures.png(dir.resolve("bench.png"), 200, 200, 30);
        try (DatagramListener systemd = new DatagramListener(dir.resolve("notify.sock"));
             JarProcess service = JarProcess.start(List.of("-Dquarkus.profile=sim",
                     "-Dbenchmate.listening.mode=always-listening", "-Dbenchmate.listening.input-file=" + wav,
                     "-Dbenchmate.speaking.output-file=" + dir.resolve("said.wav"),
                     "-Dbenchmate.camera.image=" + picture, "-Dbenchmate.turns.limit=3s"),
                     Map.of("NOTIFY_SOCKET", systemd.path().toString(), "WATCHDOG_USEC", "1000000",
                             // the first generating run hangs, deaf to rkllm_abort
                             "BENCHMATE_SIM_HANG_TURNS", "1"))) {
            assertTrue(await(systemd, l -> l.contains("READY=1"), 90), "READY=1: " + systemd.lines()
                    + "\n" + service.output());
            List<String> start = systemd.lines();
            assertTrue(start.stream().anyMatch(l -> l.startsWith("STATUS=loading the language model llm-sim.rkllm")),
                    start.toString());
            assertTrue(start.stream().anyMatch(l -> l.startsWith("STATUS=loading the vision encoder")), start.toString());
            assertTrue(start.stream().anyMatch(l -> l.startsWith("STATUS=ready: SIMULATED NPU")), start.toString());
            assertTrue(start.indexOf("READY=1") > start.indexOf(start.stream()
                    .filter(l -> l.startsWith("STATUS=loading the vision encoder")).findFirst().orElseThrow()));

            assertTrue(await(systemd, l -> count(l, "WATCHDOG=1") >= 2, 20), "pings while alive: " + systemd.lines());
            assertTrue(await(systemd, l -> l.stream().anyMatch(s -> s.startsWith("STATUS=NOT alive: turn 1 is stuck")),
                    60), "the hung turn is named: " + systemd.lines() + "\n" + service.output());
            long pings = count(systemd.lines(), "WATCHDOG=1");
            Thread.sleep(3500); // three ping intervals
            assertEquals(pings, count(systemd.lines(), "WATCHDOG=1"), "no ping while a turn is stuck");

            service.signal("TERM");
            assertEquals(0, service.awaitExit(60), service.output());
            assertTrue(await(systemd, l -> l.contains("STOPPING=1"), 5), systemd.lines().toString());
        }
    }
}
