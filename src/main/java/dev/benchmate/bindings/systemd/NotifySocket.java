package dev.benchmate.bindings.systemd;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * systemd's notify protocol (sd_notify(3)): a datagram of "KEY=value" lines to the AF_UNIX socket
 * named by $NOTIFY_SOCKET (a path, or an abstract name starting with '@'). Written against libc
 * through JNA, because Java's own channels do not send Unix datagrams and libsystemd need not be
 * installed. Absent when the service does not run under systemd (no NOTIFY_SOCKET).
 */
public final class NotifySocket {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(sockaddr_un.sun_path) on Linux. */
    private static final int SUN_PATH = 108;

    private interface LibC extends Library {
        int socket(int domain, int type, int protocol);

        long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen);

        int close(int fd);
    }

    private static final class Holder {
        static final LibC C = Native.load("c", LibC.class);
    }

    private final byte[] address;
    private final int addressLength;
    private final String name;

    private NotifySocket(String name) {
        this.name = name;
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        boolean isAbstract = path.length > 0 && path[0] == '@';
        if (isAbstract) {
            path[0] = 0;
        }
        if (path.length >= SUN_PATH) {
            throw new IllegalArgumentException("NOTIFY_SOCKET is longer than a socket path may be: " + name);
        }
        ByteBuffer sa = ByteBuffer.allocate(2 + SUN_PATH).order(ByteOrder.nativeOrder());
        sa.putShort((short) AF_UNIX);
        sa.put(path);
        this.address = sa.array();
        // A path ends with its NUL; an abstract name is exactly its bytes.
        this.addressLength = 2 + path.length + (isAbstract ? 0 : 1);
    }

    /** The socket systemd named, or empty when not run as a notify service. */
    public static Optional<NotifySocket> fromEnvironment() {
        String name = System.getenv("NOTIFY_SOCKET");
        return name == null || name.isEmpty() ? Optional.empty() : Optional.of(new NotifySocket(name));
    }

    /**
     * Sends one message ("READY=1", "STATUS=...", several lines joined by '\n').
     *
     * @return false when it could not be sent (the socket is gone: systemd is not listening)
     */
    public boolean send(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        int fd = Holder.C.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            return false;
        }
        try {
            return Holder.C.sendto(fd, bytes, bytes.length, MSG_NOSIGNAL, address, addressLength) == bytes.length;
        } finally {
            Holder.C.close(fd);
        }
    }

    public String name() {
        return name;
    }
}
