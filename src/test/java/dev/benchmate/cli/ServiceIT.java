package dev.benchmate.cli;

import dev.benchmate.testing.JarProcess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.testing.Pictures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service as systemd runs it: one per machine, stopped cleanly by SIGTERM. */
class ServiceIT {
    @Test
    void aSecondServiceExitsAtOnceNamingTheFirstAndCommandsRefuseTheNpu(@TempDir Path state) throws Exception {
        List<String> options = List.of("-Dquarkus.profile=sim", "-Dbenchmate.state-dir=" + state);
        try (JarProcess first = JarProcess.start(options)) {
            assertTrue(first.awaitOutput("Benchmate ready: SIMULATED NPU", 60), first.output());
            // on the same port, as a second start on a board would be: it names the first, not the port
            List<String> same = new java.util.ArrayList<>(options);
            same.add("-Dbenchmate.http.port=" + first.port);
            try (JarProcess second = JarProcess.start(same)) {
                assertEquals(1, second.awaitExit(60), second.output());
                assertTrue(!second.output().contains("in use"), second.output());
                assertTrue(second.output().contains("Benchmate is already running on this machine and holds the NPU: "
                        + "pid " + first.process.pid() + ", the service"), second.output());
                assertTrue(second.output().contains("sudo systemctl stop benchmate"), second.output());
                assertTrue(!second.output().contains("loaded"), "the second never touched the NPU: "
                        + second.output());
            }
            try (JarProcess ask = JarProcess.start(List.of("-Dbenchmate.state-dir=" + state), "ask", "--sim",
                    "--image", Pictures.png(state.resolve("green.png"), 40, 180, 40).toString(), "--text", "Hello?")) {
                assertEquals(1, ask.awaitExit(60), ask.output());
                assertTrue(ask.output().contains("ask: Benchmate is already running on this machine and holds the "
                        + "NPU: pid " + first.process.pid()), ask.output());
            }
            first.signal("TERM");
            assertEquals(0, first.awaitExit(30), first.output());
        }
        try (JarProcess again = JarProcess.start(options)) {
            assertTrue(again.awaitOutput("Benchmate ready", 60), "the lock went with the first: " + again.output());
            again.signal("INT");
            assertEquals(0, again.awaitExit(30), again.output());
        }
    }

    @Test
    void underSystemdTheLogCarriesSyslogPrioritiesAndNoTimeStamps(@TempDir Path state) throws Exception {
        try (JarProcess service = JarProcess.start(List.of("-Dquarkus.profile=sim", "-Dbenchmate.state-dir=" + state),
                java.util.Map.of("JOURNAL_STREAM", "8:12345"))) {
            assertTrue(service.awaitOutput("Benchmate ready", 60), service.output());
            service.signal("TERM");
            assertEquals(0, service.awaitExit(30), service.output());
            String out = service.output();
            assertTrue(out.contains("<6>[d.b.a.ServiceRunner] Benchmate ready: SIMULATED NPU"), out);
            assertTrue(out.contains("<4>[d.b.a.BrainLoader] Using the SIMULATED NPU"), out);
            // The voice's first sentence is paid for at start, not by the first answer.
            int warmed = out.indexOf("<6>[d.b.a.Benchmate] Warmed up in ");
            assertTrue(warmed >= 0 && warmed < out.indexOf("Benchmate ready"), "warmed up before ready: " + out);
            assertTrue(out.matches("(?s).*Warmed up in \\d+ ms: voice \\d+ ms.*"), out);
            assertTrue(out.contains("warm start on (voice "), "the ready line says so: " + out);
            assertTrue(out.lines().filter(l -> l.startsWith("<")).noneMatch(l -> l.matches("<\\d>\\d\\d:\\d\\d.*")),
                    "no time stamps of its own: " + out);
        }
    }
}
