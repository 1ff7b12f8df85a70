package dev.benchmate.bindings;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The C environment of this process. Java cannot change its own environment, but native code
 * (the NPU simulator reads its delays with getenv) sees what setenv puts there.
 */
public final class ProcessEnvironment {
    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private static final class Holder {
        static final LibC C = Native.load("c", LibC.class);
    }

    private ProcessEnvironment() {
    }

    public static void set(String name, String value) {
        if (Holder.C.setenv(name, value, 1) != 0) {
            throw new IllegalArgumentException("setenv(" + name + ") failed");
        }
    }
}
