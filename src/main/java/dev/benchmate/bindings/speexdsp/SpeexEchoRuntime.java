package dev.benchmate.bindings.speexdsp;

import static dev.benchmate.bindings.speexdsp.SpeexDspConstants.SPEEX_ECHO_GET_FRAME_SIZE;
import static dev.benchmate.bindings.speexdsp.SpeexDspConstants.SPEEX_ECHO_GET_SAMPLING_RATE;
import static dev.benchmate.bindings.speexdsp.SpeexDspConstants.SPEEX_ECHO_SET_SAMPLING_RATE;
import static dev.benchmate.bindings.speexdsp.SpeexDspConstants.SPEEX_PREPROCESS_GET_AGC;
import static dev.benchmate.bindings.speexdsp.SpeexDspConstants.SPEEX_PREPROCESS_GET_DENOISE;
import static dev.benchmate.bindings.speexdsp.SpeexDspConstants.SPEEX_PREPROCESS_GET_DEREVERB;
import static dev.benchmate.bindings.speexdsp.SpeexDspConstants.SPEEX_PREPROCESS_SET_AGC;
import static dev.benchmate.bindings.speexdsp.SpeexDspConstants.SPEEX_PREPROCESS_SET_DENOISE;
import static dev.benchmate.bindings.speexdsp.SpeexDspConstants.SPEEX_PREPROCESS_SET_DEREVERB;
import static dev.benchmate.bindings.speexdsp.SpeexDspConstants.SPEEX_PREPROCESS_SET_ECHO_STATE;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.benchmate.bindings.NativeArena;
import dev.benchmate.bindings.NativeCallException;
import dev.benchmate.bindings.NativeLibraryMissingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One speexdsp echo canceller and its preprocessor in Java terms: no JNA type crosses this class's
 * public surface. It owns both states from init to destroy (the preprocessor first: it keeps a raw
 * pointer to the echo state). speexdsp is reentrant but not thread-safe, and the preprocessor reads
 * the echo state it is linked to, so one lock guards every call on either.
 */
public final class SpeexEchoRuntime implements AutoCloseable {
    /** Debian's runtime package; its soname. */
    public static final String PACKAGE = "libspeexdsp1";
    public static final String SONAME = "libspeexdsp.so.1";

    /** What the preprocessor does to each frame after the echo is cancelled. */
    public record Preprocessing(boolean denoise, boolean agc, boolean dereverb) {
    }

    private final SpeexDspLibrary speex;
    private final ReentrantLock lock = new ReentrantLock();
    private final int frameSize;
    private Pointer echo;
    private Pointer preprocess;
    private boolean linked;

    private SpeexEchoRuntime(SpeexDspLibrary speex, int frameSize, Pointer echo, Pointer preprocess) {
        this.speex = speex;
        this.frameSize = frameSize;
        this.echo = echo;
        this.preprocess = preprocess;
    }

    /**
     * Loads libspeexdsp: the configured file (or folder) when given, else the dynamic loader's
     * {@code libspeexdsp.so} (the -dev package's link), else the soname {@code libspeexdsp.so.1}.
     *
     * @param setting the configuration key that names the library, quoted when it is missing
     * @throws NativeLibraryMissingException naming what is missing and how to get it
     */
    public static SpeexDspLibrary load(Optional<Path> configured, String setting) {
        Map<String, Object> options = Map.of();
        if (configured.isPresent()) {
            Path path = configured.get();
            Path file = Files.isDirectory(path) ? path.resolve(SONAME) : path;
            if (!Files.isRegularFile(file)) {
                throw new NativeLibraryMissingException(SONAME + " not found at " + file + " (set " + setting
                        + ", or install Debian's " + PACKAGE + ")");
            }
            try {
                return Native.load(file.toAbsolutePath().toString(), SpeexDspLibrary.class, options);
            } catch (UnsatisfiedLinkError e) {
                throw new NativeLibraryMissingException("cannot load " + file + ": " + firstLine(e.getMessage()), e);
            }
        }
        try {
            return Native.load("speexdsp", SpeexDspLibrary.class, options);
        } catch (UnsatisfiedLinkError first) {
            try {
                return Native.load(SONAME, SpeexDspLibrary.class, options);
            } catch (UnsatisfiedLinkError e) {
                throw new NativeLibraryMissingException(SONAME + " not found on the loader path: install Debian's "
                        + PACKAGE + " (apt-get install " + PACKAGE + ") or set " + setting, e);
            }
        }
    }

    /**
     * An echo canceller of {@code filterLength} samples on frames of {@code frameSize}, at
     * {@code sampleRate} (set before anything else: the echo state starts at 8 kHz), and a
     * preprocessor of the same frame size and rate linked to it.
     */
    public static SpeexEchoRuntime open(SpeexDspLibrary speex, int frameSize, int filterLength, int sampleRate,
            Preprocessing preprocessing) {
        if (frameSize <= 0 || frameSize % 2 != 0) {
            throw new IllegalArgumentException("frame size must be even and positive, got " + frameSize);
        }
        if (filterLength < frameSize) {
            throw new IllegalArgumentException("filter length " + filterLength + " is shorter than a frame (" + frameSize + ")");
        }
        Pointer echo = speex.speex_echo_state_init(frameSize, filterLength);
        if (echo == null) {
            throw new NativeCallException("speex_echo_state_init", 0, "returned NULL");
        }
        Pointer pre = null;
        try {
            setInt(speex, echo, true, SPEEX_ECHO_SET_SAMPLING_RATE, sampleRate);
            pre = speex.speex_preprocess_state_init(frameSize, sampleRate);
            if (pre == null) {
                throw new NativeCallException("speex_preprocess_state_init", 0, "returned NULL");
            }
            setInt(speex, pre, false, SPEEX_PREPROCESS_SET_DENOISE, preprocessing.denoise() ? 1 : 0);
            setInt(speex, pre, false, SPEEX_PREPROCESS_SET_AGC, preprocessing.agc() ? 1 : 0);
            setInt(speex, pre, false, SPEEX_PREPROCESS_SET_DEREVERB, preprocessing.dereverb() ? 1 : 0);
            SpeexEchoRuntime runtime = new SpeexEchoRuntime(speex, frameSize, echo, pre);
            runtime.link(true);
            return runtime;
        } catch (RuntimeException e) {
            if (pre != null) {
                speex.speex_preprocess_state_destroy(pre);
            }
            speex.speex_echo_state_destroy(echo);
            throw e;
        }
    }

    public int frameSize() {
        return frameSize;
    }

    /** {@code out} = {@code mic} without the echo of {@code played}; each exactly one frame. */
    public void cancel(short[] mic, short[] played, short[] out) {
        checkFrame(mic);
        checkFrame(played);
        checkFrame(out);
        lock.lock();
        try {
            speex.speex_echo_cancellation(state(echo), mic, played, out);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Denoise / AGC / dereverb in place on a frame; with {@code echoResidual} the frame must be the
     * one just cancelled and the echo canceller's residual estimate is suppressed too (without it,
     * while nothing plays and nothing was cancelled, the preprocessor ignores the echo state).
     */
    public void preprocess(short[] frame, boolean echoResidual) {
        checkFrame(frame);
        lock.lock();
        try {
            state(preprocess);
            if (echoResidual != linked) {
                link(echoResidual);
            }
            speex.speex_preprocess_run(preprocess, frame);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets what the filter learnt (keeps frame size, filter length and rate). */
    public void reset() {
        lock.lock();
        try {
            speex.speex_echo_state_reset(state(echo));
        } finally {
            lock.unlock();
        }
    }

    /** What the states say about themselves: for checks, not for processing. */
    public int echoSamplingRate() {
        return getInt(echo, true, SPEEX_ECHO_GET_SAMPLING_RATE);
    }

    public int echoFrameSize() {
        return getInt(echo, true, SPEEX_ECHO_GET_FRAME_SIZE);
    }

    public Preprocessing preprocessing() {
        return new Preprocessing(getInt(preprocess, false, SPEEX_PREPROCESS_GET_DENOISE) != 0,
                getInt(preprocess, false, SPEEX_PREPROCESS_GET_AGC) != 0,
                getInt(preprocess, false, SPEEX_PREPROCESS_GET_DEREVERB) != 0);
    }

    private int getInt(Pointer which, boolean echoState, int request) {
        lock.lock();
        try (NativeArena arena = new NativeArena()) {
            Memory value = arena.allocate(4);
            int ret = echoState ? speex.speex_echo_ctl(state(which), request, value)
                    : speex.speex_preprocess_ctl(state(which), request, value);
            if (ret != 0) {
                throw new NativeCallException(echoState ? "speex_echo_ctl" : "speex_preprocess_ctl", ret,
                        "request " + request);
            }
            return value.getInt(0);
        } finally {
            lock.unlock();
        }
    }

    private static void setInt(SpeexDspLibrary speex, Pointer st, boolean echoState, int request, int v) {
        try (NativeArena arena = new NativeArena()) {
            Memory value = arena.allocate(4);
            value.setInt(0, v);
            int ret = echoState ? speex.speex_echo_ctl(st, request, value) : speex.speex_preprocess_ctl(st, request, value);
            if (ret != 0) {
                throw new NativeCallException(echoState ? "speex_echo_ctl" : "speex_preprocess_ctl", ret,
                        "request " + request + " value " + v);
            }
        }
    }

    /** SET_ECHO_STATE takes the echo state pointer itself, or NULL. Called under the lock. */
    private void link(boolean on) {
        int ret = speex.speex_preprocess_ctl(preprocess, SPEEX_PREPROCESS_SET_ECHO_STATE, on ? echo : null);
        if (ret != 0) {
            throw new NativeCallException("speex_preprocess_ctl", ret, "SET_ECHO_STATE");
        }
        linked = on;
    }

    private void checkFrame(short[] frame) {
        if (frame.length != frameSize) {
            throw new IllegalArgumentException("a frame is " + frameSize + " samples, got " + frame.length);
        }
    }

    private static Pointer state(Pointer p) {
        if (p == null) {
            throw new IllegalStateException("speexdsp echo canceller already closed");
        }
        return p;
    }

    /** Destroys the preprocessor, then the echo state it points to. Safe to call more than once. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (preprocess != null) {
                speex.speex_preprocess_state_destroy(preprocess);
                preprocess = null;
            }
            if (echo != null) {
                speex.speex_echo_state_destroy(echo);
                echo = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
