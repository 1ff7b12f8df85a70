package dev.benchmate.app;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One holder of the NPU: the lock in the state directory, and the service's lock elsewhere respected. */
class InstanceLockTest {
    @Test
    void theLockSaysWhoHoldsItAndIsFreeAgainWhenReleased(@TempDir Path dir) throws Exception {
        try (InstanceLock lock = InstanceLock.acquire(dir, dir.resolve("none"), "the service")) {
            String content = Files.readString(dir.resolve("benchmate.lock"));
            assertTrue(content.startsWith("pid " + ProcessHandle.current().pid() + ", the service, since "), content);
            InstanceLock.HeldException e = assertThrows(InstanceLock.HeldException.class,
                    () -> InstanceLock.acquire(dir, dir.resolve("none"), "the ask command"));
            assertTrue(e.getMessage().contains("this process already holds the NPU"), e.getMessage());
        }
        InstanceLock.acquire(dir, dir.resolve("none"), "the ask command").close();
    }

    @Test
    void aLockHeldInTheSystemStateDirectoryIsRespectedFromAnotherOne(@TempDir Path dir) throws Exception {
        Path system = Files.createDirectories(dir.resolve("system"));
        Path mine = dir.resolve("mine");
        try (InstanceLock service = InstanceLock.acquire(system, system, "the service")) {
            InstanceLock.HeldException e = assertThrows(InstanceLock.HeldException.class,
                    () -> InstanceLock.acquire(mine, system, "the chat command"));
            assertTrue(e.getMessage().contains(system.resolve("benchmate.lock").toString()), e.getMessage());
        }
        InstanceLock.acquire(mine, system, "the chat command").close();
    }
}
