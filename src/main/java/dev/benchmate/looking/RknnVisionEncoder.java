package dev.benchmate.looking;

import static dev.benchmate.bindings.rknn.RknnConstants.RKNN_TENSOR_NCHW;

import dev.benchmate.bindings.NativeCallException;
import dev.benchmate.bindings.rknn.RknnRuntime;
import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.ModelFileMissingException;
import dev.benchmate.media.Picture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The vision encoder on the NPU through librknnrt.so. The model's input size, image-token count
 * and embedding width are read from the model, not assumed; several outputs (deep-stack encoders)
 * are interleaved per token as the rknn-llm demo does.
 */
public final class RknnVisionEncoder implements VisionEncoder {
    private final RknnRuntime runtime;
    private final int width;
    private final int height;
    private final int tokens;
    private final int embedSize;
    private final int outputs;
    private final String sdkVersion;

    private RknnVisionEncoder(RknnRuntime runtime, int width, int height, int tokens, int embedSize, int outputs,
                              String sdkVersion) {
        this.runtime = runtime;
        this.width = width;
        this.height = height;
        this.tokens = tokens;
        this.embedSize = embedSize;
        this.outputs = outputs;
        this.sdkVersion = sdkVersion;
    }

    /**
     * Loads the runtime library and the model, and reads its shape.
     *
     * @param library librknnrt.so, a file or its folder; empty to search the system paths
     * @param coreMask one of RknnConstants' RKNN_NPU_CORE_* values
     */
    public static RknnVisionEncoder open(Optional<Path> library, Path model, int coreMask) {
        ModelFileMissingException.require("vision encoder model", model, "benchmate.vision.model");
        RknnRuntime runtime;
        try {
            runtime = RknnRuntime.init(library, "benchmate.npu.rknn-library", model);
        } catch (NativeCallException e) {
            throw new VisionEncoderException("cannot load vision encoder " + model + ": " + e.getMessage());
        }
        try {
            runtime.setCoreMask(coreMask);
            int[] io = runtime.inputOutputCount();
            if (io[0] != 1 || io[1] < 1) {
                throw new VisionEncoderException(model + " has " + io[0] + " inputs and " + io[1]
                        + " outputs; a vision encoder has one picture input");
            }
            RknnRuntime.Tensor in = runtime.input(0);
            int[] d = in.dims();
            if (d.length < 4) {
                throw new VisionEncoderException(model + "'s input " + in + " is not a picture (N, H, W, C)");
            }
            boolean nchw = in.format() == RKNN_TENSOR_NCHW;
            int c = nchw ? d[1] : d[3];
            int h = nchw ? d[2] : d[1];
            int w = nchw ? d[3] : d[2];
            if (c != 3) {
                throw new VisionEncoderException(model + " wants " + c + " channels; a picture has 3");
            }
            int[] shape = null;
            for (int j = 0; j < io[1]; j++) {
                int[] tokensAndEmbed = tokensAndEmbed(runtime.output(j));
                if (shape != null && (shape[0] != tokensAndEmbed[0] || shape[1] != tokensAndEmbed[1])) {
                    throw new VisionEncoderException(model + " outputs disagree in shape");
                }
                shape = tokensAndEmbed;
            }
            return new RknnVisionEncoder(runtime, w, h, shape[0], shape[1], io[1], runtime.sdkVersion());
        } catch (NativeCallException e) {
            runtime.close();
            throw new VisionEncoderException(e.getMessage());
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** The demo's rule: the first dimension above 1 is the token count, the next the embedding width. */
    private static int[] tokensAndEmbed(RknnRuntime.Tensor out) {
        int[] dims = out.dims();
        for (int i = 0; i + 1 < Math.min(dims.length, 4); i++) {
            if (dims[i] > 1) {
                return new int[] {dims[i], dims[i + 1]};
            }
        }
        throw new VisionEncoderException("cannot read image tokens from output " + out);
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
        float[][] out;
        try {
            out = runtime.run(rgb, outputs, tokens * embedSize);
        } catch (NativeCallException | IllegalStateException e) {
            throw new VisionEncoderException(e.getMessage());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new ImageEmbedding(interleave(out), tokens, embedSize * outputs, width, height, took, picture.source());
    }

    /** Token i of the result holds output 0's vector, then output 1's, … (the demo's layout). */
    private float[] interleave(float[][] out) {
        float[] values = new float[tokens * embedSize * outputs];
        for (int j = 0; j < outputs; j++) {
            for (int t = 0; t < tokens; t++) {
                System.arraycopy(out[j], t * embedSize, values, (t * outputs + j) * embedSize, embedSize);
            }
        }
        return values;
    }

    /** Releases the NPU context; waits for an encoding in progress. */
    @Override
    public void close() {
        runtime.close();
    }
}
