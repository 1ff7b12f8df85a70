package dev.benchmate.bindings.rknn;

import static dev.benchmate.bindings.rknn.RknnConstants.RKNN_QUERY_INPUT_ATTR;
import static dev.benchmate.bindings.rknn.RknnConstants.RKNN_QUERY_IN_OUT_NUM;
import static dev.benchmate.bindings.rknn.RknnConstants.RKNN_QUERY_OUTPUT_ATTR;
import static dev.benchmate.bindings.rknn.RknnConstants.RKNN_QUERY_SDK_VERSION;
import static dev.benchmate.bindings.rknn.RknnConstants.RKNN_SUCC;
import static dev.benchmate.bindings.rknn.RknnConstants.RKNN_TENSOR_NHWC;
import static dev.benchmate.bindings.rknn.RknnConstants.RKNN_TENSOR_UINT8;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.LongByReference;
import dev.benchmate.bindings.NativeArena;
import dev.benchmate.bindings.NativeCallException;
import dev.benchmate.bindings.NativeLibraries;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One loaded RKNN model in Java terms: no JNA type crosses this class's public surface. It owns
 * the context from {@code rknn_init} to {@code rknn_destroy}, the native memory of each run for
 * that run, and the outputs the runtime allocates (released before {@link #run} returns); one run
 * at a time.
 */
public final class RknnRuntime implements AutoCloseable {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(RknnRuntime.class);
    private static final int INPUT_STRUCT_SIZE = new RknnInput().size();
    private static final int OUTPUT_STRUCT_SIZE = new RknnOutput().size();

    /** A tensor's description (rknn_tensor_attr). */
    public record Tensor(int index, int[] dims, int format, String name) {
        @Override
        public String toString() {
            return name + Arrays.toString(dims);
        }
    }

    private final RknnLibrary rknn;
    private final ReentrantLock npu = new ReentrantLock();
    private volatile long context;

    private RknnRuntime(RknnLibrary rknn, long context) {
        this.rknn = rknn;
        this.context = context;
    }

    /**
     * Loads librknnrt.so and a model.
     *
     * @param library the library file or its folder; empty to search the system paths
     * @param setting the configuration key that names the library, quoted when it is missing
     * @throws dev.benchmate.bindings.NativeLibraryMissingException when the library cannot be loaded
     * @throws NativeCallException when rknn_init fails
     */
    public static RknnRuntime init(Optional<Path> library, String setting, Path model) {
        RknnLibrary rknn = NativeLibraries.load(library, "rknnrt", RknnLibrary.class, setting);
        LongByReference ctxRef = new LongByReference();
        int ret;
        try (NativeArena arena = new NativeArena()) {
            ret = rknn.rknn_init(ctxRef, arena.utf8(model.toAbsolutePath().toString()), 0, 0, null);
        }
        if (ret != RKNN_SUCC) {
            throw new NativeCallException("rknn_init", ret, RknnConstants.describe(ret));
        }
        return new RknnRuntime(rknn, ctxRef.getValue());
    }

    public void setCoreMask(int coreMask) {
        check(rknn.rknn_set_core_mask(context(), coreMask), "rknn_set_core_mask(" + coreMask + ")");
    }

    /** {inputs, outputs}. */
    public int[] inputOutputCount() {
        RknnInputOutputNum io = new RknnInputOutputNum();
        query(RKNN_QUERY_IN_OUT_NUM, io);
        return new int[] {io.n_input, io.n_output};
    }

    public Tensor input(int index) {
        return attr(RKNN_QUERY_INPUT_ATTR, index);
    }

    public Tensor output(int index) {
        return attr(RKNN_QUERY_OUTPUT_ATTR, index);
    }

    private Tensor attr(int cmd, int index) {
        RknnTensorAttr a = new RknnTensorAttr();
        a.index = index;
        query(cmd, a);
        return new Tensor(index, Arrays.copyOf(a.dims, Math.min(a.n_dims, RknnTensorAttr.RKNN_MAX_DIMS)), a.fmt,
                a.nameString());
    }

    /** "API version / driver version". */
    public String sdkVersion() {
        RknnSdkVersion version = new RknnSdkVersion();
        query(RKNN_QUERY_SDK_VERSION, version);
        return version.api() + " / driver " + version.driver();
    }

    private void query(int cmd, Structure info) {
        info.write();
        check(rknn.rknn_query(context(), cmd, info.getPointer(), info.size()), "rknn_query(" + cmd + ")");
        info.read();
    }

    /**
     * Runs the model on one uint8 NHWC input and returns every output as floats (want_float),
     * each at least {@code floatsPerOutput} long; the runtime's output buffers are released
     * before this returns.
     */
    public float[][] run(byte[] nhwc, int outputs, int floatsPerOutput) {
        npu.lock();
        try (NativeArena arena = new NativeArena()) {
            long ctx = context();
            RknnInput input = arena.struct(RknnInput::new, INPUT_STRUCT_SIZE);
            input.index = 0;
            input.buf = arena.bytes(nhwc);
            input.size = nhwc.length;
            input.pass_through = 0;
            input.type = RKNN_TENSOR_UINT8;
            input.fmt = RKNN_TENSOR_NHWC;
            input.write();
            check(rknn.rknn_inputs_set(ctx, 1, input.getPointer()), "rknn_inputs_set");
            check(rknn.rknn_run(ctx, null), "rknn_run");

            Pointer outArray = arena.allocate((long) OUTPUT_STRUCT_SIZE * outputs);
            RknnOutput[] outs = new RknnOutput[outputs];
            for (int j = 0; j < outputs; j++) {
                RknnOutput o = new RknnOutput(outArray.share((long) j * OUTPUT_STRUCT_SIZE));
                o.want_float = 1;
                o.is_prealloc = 0;
                o.index = j;
                o.write();
                outs[j] = o;
            }
            check(rknn.rknn_outputs_get(ctx, outputs, outArray, null), "rknn_outputs_get");
            try {
                float[][] values = new float[outputs][];
                for (int j = 0; j < outputs; j++) {
                    RknnOutput o = outs[j];
                    o.read();
                    if (o.buf == null || o.size < (long) floatsPerOutput * Float.BYTES) {
                        throw new NativeCallException("rknn_outputs_get", RKNN_SUCC, "output " + j + " holds "
                                + o.size + " bytes, expected " + (long) floatsPerOutput * Float.BYTES);
                    }
                    values[j] = o.buf.getFloatArray(0, floatsPerOutput);
                }
                return values;
            } finally {
                rknn.rknn_outputs_release(ctx, outputs, outArray);
            }
        } finally {
            npu.unlock();
        }
    }

    private long context() {
        if (context == 0) {
            throw new IllegalStateException("vision encoder already closed");
        }
        return context;
    }

    private static void check(int ret, String call) {
        if (ret != RKNN_SUCC) {
            throw new NativeCallException(call, ret, RknnConstants.describe(ret));
        }
    }

    /**
     * Releases the context; waits for a run in progress (at most 10 s: an encoding takes about 3 s on
     * the board; after that the context is left to the process's end). Safe to call more than once.
     */
    @Override
    public void close() {
        boolean locked = false;
        try {
            locked = npu.tryLock(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            LOG.errorf("rknn_run did not end within 10 s: the vision encoder's context is not released");
            return;
        }
        try {
            long c = context;
            if (c != 0) {
                context = 0;
                rknn.rknn_destroy(c);
            }
        } finally {
            npu.unlock();
        }
    }
}
