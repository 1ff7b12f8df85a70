package dev.benchmate.looking;

import dev.benchmate.bindings.ProcessEnvironment;
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
                    // OpenCV's own log prints two lines each time a missing camera is retried; its
                    // errors still show. A person can set OPENCV_LOG_LEVEL to see more.
                    if (System.getenv("OPENCV_LOG_LEVEL") == null) {
                        ProcessEnvironment.set("OPENCV_LOG_LEVEL", "ERROR");
                    }
                    OpenCV.loadLocally();
                    loaded = true;
                }
            }
        }
    }
}
