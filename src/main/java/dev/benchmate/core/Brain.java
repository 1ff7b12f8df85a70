package dev.benchmate.core;

import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.Picture;
import dev.benchmate.looking.VisionEncoder;
import dev.benchmate.thinking.Answer;
import dev.benchmate.thinking.Chat;
import dev.benchmate.thinking.Conversation;
import dev.benchmate.media.TokenListener;
import java.time.Duration;
import java.util.List;

/**
 * The part that thinks: how a picture is looked at and the conversation with the language model,
 * loaded together and released together. On the NPU that is the vision encoder and the
 * {@link Conversation}; closing it releases the NPU (rkllm_destroy, rknn_destroy), aborting an
 * answer in progress first. Thinking on an engine on the LAN ({@link #elsewhere}), a picture is
 * not encoded here: it goes to the engine as it is.
 */
public final class Brain implements AutoCloseable {
    private final VisionEncoder encoder;
    private final Chat conversation;
    private final Duration llmLoadTime;
    private final Duration encoderLoadTime;
    private final boolean simulated;
    private final String description;
    private final List<AutoCloseable> parts;

    /** The NPU's brain: the vision encoder and the conversation (a {@link Conversation}, or a stand-in for one). */
    public Brain(VisionEncoder encoder, Chat conversation, Duration llmLoadTime, Duration encoderLoadTime,
                 boolean simulated) {
        this(encoder, conversation, llmLoadTime, encoderLoadTime, simulated,
                "language model and vision encoder loaded", List.of(conversation, encoder));
    }

    private Brain(VisionEncoder encoder, Chat conversation, Duration llmLoadTime, Duration encoderLoadTime,
                  boolean simulated, String description, List<AutoCloseable> parts) {
        this.encoder = encoder;
        this.conversation = conversation;
        this.llmLoadTime = llmLoadTime;
        this.encoderLoadTime = encoderLoadTime;
        this.simulated = simulated;
        this.description = description;
        this.parts = parts;
    }

    /**
     * A brain that thinks elsewhere (an engine on the LAN, perhaps falling back to the NPU): pictures
     * are not encoded here.
     *
     * @param parts closed in this order on {@link #close}, after the conversation
     */
    public static Brain elsewhere(Chat conversation, String description, boolean simulated, AutoCloseable... parts) {
        List<AutoCloseable> all = new java.util.ArrayList<>();
        all.add(conversation);
        all.addAll(List.of(parts));
        return new Brain(null, conversation, Duration.ZERO, Duration.ZERO, simulated, description, List.copyOf(all));
    }

    /** The picture as the model takes it: encoded on the NPU, or the picture itself for an engine elsewhere. */
    public ImageEmbedding look(Picture picture) {
        return encoder != null ? encoder.encode(picture) : ImageEmbedding.unencoded(picture);
    }

    public Answer ask(String question, ImageEmbedding picture, TokenListener listener) {
        return conversation.ask(Conversation.Request.of(question, picture), listener);
    }

    /** One turn with everything it brings (expected history, the run's own limit and sampling). */
    public Answer ask(Conversation.Request request, TokenListener listener) {
        return conversation.ask(request, listener);
    }

    /**
     * Asks the runtime, once, whether it keeps a prefill-only run in its KV cache (see
     * {@link Conversation#probeSplitPrefill}), with a blank picture of the encoder's shape; until
     * then, and where it does not, no picture is prefilled before its question. Thinking elsewhere,
     * nothing is prefilled.
     */
    public Conversation.SplitProbe probeSplitPrefill() {
        if (encoder == null || !(conversation instanceof Conversation npu)) {
            return new Conversation.SplitProbe(false, 0, 0, "thinking elsewhere (" + description
                    + "): no picture is prefilled on the board");
        }
        return npu.probeSplitPrefill(new ImageEmbedding(
                new float[encoder.imageTokens() * encoder.floatsPerToken()], encoder.imageTokens(),
                encoder.floatsPerToken(), encoder.inputWidth(), encoder.inputHeight(), java.time.Duration.ZERO,
                "the prefill probe's blank picture"));
    }

    public Chat conversation() {
        return conversation;
    }

    /** The vision encoder, or null when pictures are not encoded here. */
    public VisionEncoder encoder() {
        return encoder;
    }

    public Duration llmLoadTime() {
        return llmLoadTime;
    }

    public Duration encoderLoadTime() {
        return encoderLoadTime;
    }

    /** True when the NPU is the simulator (a test instrument), never on a real board's normal path. */
    public boolean simulated() {
        return simulated;
    }

    /** What thinks, as readiness says it ("language model and vision encoder loaded", or the engine). */
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (AutoCloseable p : parts) {
            try {
                p.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            } catch (Exception e) {
                first = first == null ? new IllegalStateException(e) : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
