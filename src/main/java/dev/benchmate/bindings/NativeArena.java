package dev.benchmate.bindings;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Owner of the native memory one call (or one object's lifetime) hands to a runtime: everything
 * allocated here is freed together by {@link #close()}, at a point the code chooses, instead of
 * whenever the garbage collector runs. Not thread-safe: one owner at a time.
 */
public final class NativeArena implements AutoCloseable {
    private final List<Memory> blocks = new ArrayList<>();
    private boolean closed;

    /** Zeroed memory of the given size. */
    public Memory allocate(long size) {
        if (closed) {
            throw new IllegalStateException("native arena already closed");
        }
        Memory m = new Memory(Math.max(1, size));
        m.clear();
        blocks.add(m);
        return m;
    }

    /** A NUL-terminated UTF-8 copy of the text, or null for null. */
    public Pointer utf8(String text) {
        if (text == null) {
            return null;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Memory m = allocate(bytes.length + 1L);
        m.write(0, bytes, 0, bytes.length);
        m.setByte(bytes.length, (byte) 0);
        return m;
    }

    public Pointer floats(float[] values) {
        Memory m = allocate((long) values.length * Float.BYTES);
        m.write(0, values, 0, values.length);
        return m;
    }

    public Pointer bytes(byte[] values) {
        Memory m = allocate(values.length);
        m.write(0, values, 0, values.length);
        return m;
    }

    /** A structure laid over arena memory, so its storage is freed with the arena. */
    public <T extends Structure> T struct(Function<Pointer, T> overPointer, int size) {
        return overPointer.apply(allocate(size));
    }

    /** Bytes currently held, for tests and diagnostics. */
    public long heldBytes() {
        return blocks.stream().mapToLong(Memory::size).sum();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Memory m : blocks) {
            m.close();
        }
        blocks.clear();
    }
}
