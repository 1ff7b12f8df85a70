package dev.benchmate.testing;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * Bytes the C heap (glibc malloc) has handed out and not taken back: JNA's Memory blocks and the
 * runtimes' own allocations, but not the Java heap. A leak of native memory shows up here.
 */
public final class NativeHeap {
    private NativeHeap() {
    }

    @FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
            "keepcost"})
    public static class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;
    }

    interface Glibc extends Library {
        Glibc INSTANCE = Native.load("c", Glibc.class);

        MallInfo2 mallinfo2();
    }

    public static long inUseBytes() {
        MallInfo2 m = Glibc.INSTANCE.mallinfo2();
        return m.uordblks + m.hblkhd;
    }
}
