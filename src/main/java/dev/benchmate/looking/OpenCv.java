package dev.benchmate.looking;

import nu.pattern.OpenCV;

/** Loads OpenCV's native library (shipped inside the openpnp jar for x86-64 and ARMv8) once per process. */
public final class OpenCv {
    private static volatile boolean loaded;

    private OpenCv() {
    }

    public static void load() {
        if (!loaded) {
            synchronized (OpenCv.class) {
                if (!loaded) {
                    OpenCV.loadLocally();
                    loaded = true;
                }
            }
        }
    }
}
