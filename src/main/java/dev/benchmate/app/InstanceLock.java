package dev.benchmate.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One Benchmate on the NPU per machine: the service and the commands that load the models hold an
 * exclusive lock on {@code benchmate.lock} in the state directory for as long as they run, and the
 * file says who holds it. The kernel drops the lock when the process ends, however it ends, so a
 * crash never leaves a stale lock behind.
 */
public final class InstanceLock implements AutoCloseable {
    static final String FILE = "benchmate.lock";
    private final FileChannel channel;
    private final FileLock lock;
    private final Path file;

    private InstanceLock(FileChannel channel, FileLock lock, Path file) {
        this.channel = channel;
        this.lock = lock;
        this.file = file;
    }

    /** Another Benchmate holds the lock; the message names it and how to stop it. */
    public static final class HeldException extends RuntimeException {
        HeldException(String message) {
            super(message);
        }
    }

    /**
     * Takes the lock or refuses at once.
     *
     * @param who what is taking it, written into the file ("the service", "the chat command")
     * @throws HeldException when another process (or this one) holds it
     */
    public static InstanceLock acquire(Path stateDir, String who) {
        return acquire(stateDir, StateDirectory.SYSTEM, who);
    }

    /** @param systemDir where the service run by systemd keeps its lock */
    static InstanceLock acquire(Path stateDir, Path systemDir, String who) {
        Path file = stateDir.resolve(FILE);
        Path system = systemDir.resolve(FILE).toAbsolutePath().normalize();
        if (!file.toAbsolutePath().normalize().equals(system)) {
            refuseIfHeld(system); // the service, run by its own user, locks there
        }
        FileChannel channel;
        try {
            Files.createDirectories(stateDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the instance lock " + file + ": " + e.getMessage()
                    + " (set benchmate.state-dir to a folder this user can write)", e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            close(channel);
            throw new HeldException("this process already holds the NPU (lock " + file + ")");
        } catch (IOException e) {
            close(channel);
            throw new IllegalStateException("cannot lock " + file + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            close(channel);
            throw held(file);
        }
        try {
            String line = "pid " + ProcessHandle.current().pid() + ", " + who + ", since "
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + "\n";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            // Readable by every user, so that a person's own command can see that the service holds the NPU.
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            // The lock holds; only its description could not be written.
        }
        return new InstanceLock(channel, lock, file);
    }

    private static HeldException held(Path file) {
        String holder = read(file);
        return new HeldException("Benchmate is already running on this machine and holds the NPU: " + holder
                + " (lock " + file + "). Stop it first: sudo systemctl stop benchmate, or kill " + pidOf(holder) + ".");
    }

    /**
     * Refuses when another process holds the lock at another path (the system state directory,
     * when this user cannot write it): a shared lock on a read-only view of it is refused then.
     */
    private static void refuseIfHeld(Path other) {
        if (!Files.isRegularFile(other) || !Files.isReadable(other)) {
            return;
        }
        try (FileChannel probe = FileChannel.open(other, StandardOpenOption.READ)) {
            FileLock shared = probe.tryLock(0, Long.MAX_VALUE, true);
            if (shared == null) {
                throw held(other);
            }
            shared.release();
        } catch (OverlappingFileLockException e) {
            throw new HeldException("this process already holds the NPU (lock " + other + ")");
        } catch (IOException e) {
            // cannot tell: the lock at our own path still keeps two of us apart
        }
    }

    private static String read(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).trim();
            return s.isEmpty() ? "another process" : s;
        } catch (IOException e) {
            return "another process";
        }
    }

    private static String pidOf(String holder) {
        return holder.startsWith("pid ") ? holder.substring(4).split(",")[0] : "the process that holds it";
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing held
        }
    }

    public Path file() {
        return file;
    }

    /** Releases the lock (the file stays, empty of meaning until the next holder writes it). */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                channel.truncate(0);
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        close(channel);
    }
}
