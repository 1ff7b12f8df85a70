package dev.benchmate.testing;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Unix datagram socket bound to a path, as systemd's NOTIFY_SOCKET is, collecting what arrives
 * (each message with the time it came). Through libc, as Java's channels have no Unix datagrams.
 */
public final class DatagramListener implements AutoCloseable {
    private interface LibC extends Library {
        LibC C = Native.load("c", LibC.class);

        int socket(int domain, int type, int protocol);

        int bind(int fd, byte[] addr, int len);

        int setsockopt(int fd, int level, int name, byte[] value, int len);

        long recv(int fd, byte[] buf, long len, int flags);

        int close(int fd);
    }

    /** A message and when it arrived (System.nanoTime). */
    public record Message(String text, long nanos) {
    }

    private final int fd;
    private final Path path;
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean closed;

    public DatagramListener(Path path) throws Exception {
        this.path = path;
        Files.deleteIfExists(path);
        fd = LibC.C.socket(1, 2, 0);
        if (fd < 0) {
            throw new IllegalStateException("socket() failed");
        }
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer sa = ByteBuffer.allocate(110).order(ByteOrder.nativeOrder());
        sa.putShort((short) 1).put(name);
        if (LibC.C.bind(fd, sa.array(), 2 + name.length + 1) != 0) {
            throw new IllegalStateException("bind(" + path + ") failed");
        }
        // SO_RCVTIMEO (SOL_SOCKET 1, option 20) of 200 ms, so the reader sees close().
        ByteBuffer tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(0).putLong(200_000);
        LibC.C.setsockopt(fd, 1, 20, tv.array(), 16);
        reader = new Thread(this::read, "notify-listener");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        byte[] buf = new byte[4096];
        while (!closed) {
            long n = LibC.C.recv(fd, buf, buf.length, 0);
            if (n > 0) {
                messages.add(new Message(new String(buf, 0, (int) n, StandardCharsets.UTF_8), System.nanoTime()));
            }
        }
    }

    public Path path() {
        return path;
    }

    public List<Message> messages() {
        return new ArrayList<>(messages);
    }

    /** The lines of every message so far ("READY=1", "STATUS=…"), in order. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (Message m : messages) {
            lines.addAll(List.of(m.text().split("\n")));
        }
        return lines;
    }

    @Override
    public void close() throws Exception {
        closed = true;
        reader.join(2000);
        LibC.C.close(fd);
        Files.deleteIfExists(path);
    }
}
