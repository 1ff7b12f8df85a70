package dev.benchmate.looking;

import static dev.benchmate.bindings.rknn.RknnConstants.RKNN_QUERY_INPUT_ATTR;
import static dev.benchmate.bindings.rknn.RknnConstants.RKNN_QUERY_IN_OUT_NUM;
import static dev.benchmate.bindings.rknn.RknnConstants.RKNN_QUERY_OUTPUT_ATTR;
import static dev.benchmate.bindings.rknn.RknnConstants.RKNN_QUERY_SDK_VERSION;
import static dev.benchmate.bindings.rknn.RknnConstants.RKNN_SUCC;
import static dev.benchmate.bindings.rknn.RknnConstants.RKNN_TENSOR_NCHW;
import static dev.benchmate.bindings.rknn.RknnConstants.RKNN_TENSOR_NHWC;
import static dev.benchmate.bindings.rknn.RknnConstants.RKNN_TENSOR_UINT8;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.LongByReference;
import dev.benchmate.bindings.NativeArena;
import dev.benchmate.bindings.rknn.RknnConstants;
import dev.benchmate.bindings.rknn.RknnInput;
import dev.benchmate.bindings.rknn.RknnInputOutputNum;
import dev.benchmate.bindings.rknn.RknnLibrary;
import dev.benchmate.bindings.rknn.RknnOutput;
import dev.benchmate.bindings.rknn.RknnSdkVersion;
import dev.benchmate.bindings.rknn.RknnTensorAttr;
import dev.benchmate.core.ModelFileMissingException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The vision encoder on the NPU through librknnrt.so. The model's input size, image-token count
 * and embedding width are read from the model, not assumed; several outputs (deep-stack encoders)
 * are interleaved per token as the rknn-llm demo does.
 */
public final class RknnVisionEncoder implements VisionEncoder {
    private static final int INPUT_STRUCT_SIZE = new RknnInput().size();
    private static final int OUTPUT_STRUCT_SIZE = new RknnOutput().size();

    private final RknnLibrary rknn;
    private final ReentrantLock npu = new ReentrantLock();
    private final int width;
    private final int height;
    private final int tokens;
    private final int embedSize;
    private final int outputs;
    private final String sdkVersion;
    private long context;

    private RknnVisionEncoder(RknnLibrary rknn, long context, int width, int height, int tokens, int embedSize,
                              int outputs, String sdkVersion) {
        this.rknn = rknn;
        this.context = context;
        this.width = width;
        this.height = height;
        this.tokens = tokens;
        this.embedSize = embedSize;
        this.outputs = outputs;
        this.sdkVersion = sdkVersion;
    }

    /**
     * Loads the model and reads its shape.
     *
     * @param coreMask one of RknnConstants' RKNN_NPU_CORE_* values
     */
    public static RknnVisionEncoder open(RknnLibrary rknn, Path model, int coreMask) {
        ModelFileMissingException.require("vision encoder model", model, "benchmate.vision.model");
        LongByReference ctxRef = new LongByReference();
        int ret;
        try (NativeArena arena = new NativeArena()) {
            ret = rknn.rknn_init(ctxRef, arena.utf8(model.toAbsolutePath().toString()), 0, 0, null);
        }
        if (ret != RKNN_SUCC) {
            throw new VisionEncoderException("cannot load vision encoder " + model + ": rknn_init "
                    + RknnConstants.describe(ret));
        }
        long ctx = ctxRef.getValue();
        try {
            check(rknn.rknn_set_core_mask(ctx, coreMask), "rknn_set_core_mask(" + coreMask + ")");
            RknnInputOutputNum io = new RknnInputOutputNum();
            query(rknn, ctx, RKNN_QUERY_IN_OUT_NUM, io);
            if (io.n_input != 1 || io.n_output < 1) {
                throw new VisionEncoderException(model + " has " + io.n_input + " inputs and " + io.n_output
                        + " outputs; a vision encoder has one picture input");
            }
            RknnTensorAttr in = new RknnTensorAttr();
            in.index = 0;
            query(rknn, ctx, RKNN_QUERY_INPUT_ATTR, in);
            int h;
            int w;
            int c;
            if (in.fmt == RKNN_TENSOR_NCHW) {
                c = in.dims[1];
                h = in.dims[2];
                w = in.dims[3];
            } else {
                h = in.dims[1];
                w = in.dims[2];
                c = in.dims[3];
            }
            if (c != 3) {
                throw new VisionEncoderException(model + " wants " + c + " channels; a picture has 3");
            }
            int[] shape = null;
            for (int j = 0; j < io.n_output; j++) {
                RknnTensorAttr out = new RknnTensorAttr();
                out.index = j;
                query(rknn, ctx, RKNN_QUERY_OUTPUT_ATTR, out);
                int[] tokensAndEmbed = tokensAndEmbed(out);
                if (shape != null && (shape[0] != tokensAndEmbed[0] || shape[1] != tokensAndEmbed[1])) {
                    throw new VisionEncoderException(model + " outputs disagree in shape");
                }
                shape = tokensAndEmbed;
            }
            RknnSdkVersion version = new RknnSdkVersion();
            query(rknn, ctx, RKNN_QUERY_SDK_VERSION, version);
            return new RknnVisionEncoder(rknn, ctx, w, h, shape[0], shape[1], io.n_output,
                    version.api() + " / driver " + version.driver());
        } catch (RuntimeException e) {
            rknn.rknn_destroy(ctx);
            throw e;
        }
    }

    /** The demo's rule: the first dimension above 1 is the token count, the next the embedding width. */
    private static int[] tokensAndEmbed(RknnTensorAttr out) {
        for (int i = 0; i + 1 < Math.min(out.n_dims, 4); i++) {
            if (out.dims[i] > 1) {
                return new int[] {out.dims[i], out.dims[i + 1]};
            }
        }
        throw new VisionEncoderException("cannot read image tokens from output " + out.nameString());
    }

    private static void query(RknnLibrary rknn, long ctx, int cmd, Structure info) {
        info.write();
        check(rknn.rknn_query(ctx, cmd, info.getPointer(), info.size()), "rknn_query(" + cmd + ")");
        info.read();
    }

    private static void check(int ret, String call) {
        if (ret != RKNN_SUCC) {
            throw new VisionEncoderException(call + " failed: " + RknnConstants.describe(ret));
        }
    }

    @Override
    public int inputWidth() {
        return width;
    }

    @Override
    public int inputHeight() {
        return height;
    }

    @Override
    public int imageTokens() {
        return tokens;
    }

    @Override
    public int floatsPerToken() {
        return embedSize * outputs;
    }

    public String sdkVersion() {
        return sdkVersion;
    }

    @Override
    public ImageEmbedding encode(Picture picture) {
        long start = System.nanoTime();
        byte[] rgb = EncoderInputPreparation.toRgbNhwc(picture, width, height);
        npu.lock();
        try (NativeArena arena = new NativeArena()) {
            if (context == 0) {
                throw new VisionEncoderException("vision encoder already closed");
            }
            RknnInput input = arena.struct(RknnInput::new, INPUT_STRUCT_SIZE);
            input.index = 0;
            input.buf = arena.bytes(rgb);
            input.size = rgb.length;
            input.pass_through = 0;
            input.type = RKNN_TENSOR_UINT8;
            input.fmt = RKNN_TENSOR_NHWC;
            input.write();
            check(rknn.rknn_inputs_set(context, 1, input.getPointer()), "rknn_inputs_set");
            check(rknn.rknn_run(context, null), "rknn_run");

            Pointer outArray = arena.allocate((long) OUTPUT_STRUCT_SIZE * outputs);
            List<RknnOutput> outs = new ArrayList<>();
            for (int j = 0; j < outputs; j++) {
                RknnOutput o = new RknnOutput(outArray.share((long) j * OUTPUT_STRUCT_SIZE));
                o.want_float = 1;
                o.is_prealloc = 0;
                o.index = j;
                o.write();
                outs.add(o);
            }
            check(rknn.rknn_outputs_get(context, outputs, outArray, null), "rknn_outputs_get");
            try {
                float[] values = interleave(outs);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                return new ImageEmbedding(values, tokens, embedSize * outputs, width, height, took, picture.source());
            } finally {
                rknn.rknn_outputs_release(context, outputs, outArray);
            }
        } finally {
            npu.unlock();
        }
    }

    /** Token i of the result holds output 0's vector, then output 1's, … (the demo's layout). */
    private float[] interleave(List<RknnOutput> outs) {
        int perOutput = tokens * embedSize;
        float[] values = new float[perOutput * outputs];
        float[] one = new float[perOutput];
        for (int j = 0; j < outputs; j++) {
            RknnOutput o = outs.get(j);
            o.read();
            if (o.buf == null || o.size < perOutput * Float.BYTES) {
                throw new VisionEncoderException("vision output " + j + " holds " + o.size + " bytes, expected "
                        + perOutput * Float.BYTES);
            }
            o.buf.read(0, one, 0, perOutput);
            for (int t = 0; t < tokens; t++) {
                System.arraycopy(one, t * embedSize, values, (t * outputs + j) * embedSize, embedSize);
            }
        }
        return values;
    }

    /** Releases the NPU context; waits for an encoding in progress. */
    @Override
    public void close() {
        npu.lock();
        try {
            if (context != 0) {
                rknn.rknn_destroy(context);
                context = 0;
            }
        } finally {
            npu.unlock();
        }
    }
}
