package dev.benchmate.core;

import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.Picture;
import dev.benchmate.looking.VisionEncoder;
import dev.benchmate.thinking.Answer;
import dev.benchmate.thinking.Conversation;
import dev.benchmate.media.TokenListener;
import java.time.Duration;

/**
 * The part that thinks: the vision encoder and the conversation with the language model, loaded
 * together and released together. Closing it releases the NPU (rkllm_destroy, rknn_destroy),
 * aborting an answer in progress first.
 */
public final class Brain implements AutoCloseable {
    private final VisionEncoder encoder;
    private final Conversation conversation;
    private final Duration llmLoadTime;
    private final Duration encoderLoadTime;
    private final boolean simulated;

    public Brain(VisionEncoder encoder, Conversation conversation, Duration llmLoadTime, Duration encoderLoadTime,
                 boolean simulated) {
        this.encoder = encoder;
        this.conversation = conversation;
        this.llmLoadTime = llmLoadTime;
        this.encoderLoadTime = encoderLoadTime;
        this.simulated = simulated;
    }

    public ImageEmbedding look(Picture picture) {
        return encoder.encode(picture);
    }

    public Answer ask(String question, ImageEmbedding picture, TokenListener listener) {
        return conversation.ask(question, picture, listener);
    }

    /** One turn with everything it brings (expected history, the run's own limit and sampling). */
    public Answer ask(Conversation.Request request, TokenListener listener) {
        return conversation.ask(request, listener);
    }

    /**
     * Asks the runtime, once, whether it keeps a prefill-only run in its KV cache (see
     * {@link Conversation#probeSplitPrefill}), with a blank picture of the encoder's shape; until
     * then, and where it does not, no picture is prefilled before its question.
     */
    public Conversation.SplitProbe probeSplitPrefill() {
        return conversation.probeSplitPrefill(new ImageEmbedding(
                new float[encoder.imageTokens() * encoder.floatsPerToken()], encoder.imageTokens(),
                encoder.floatsPerToken(), encoder.inputWidth(), encoder.inputHeight(), java.time.Duration.ZERO,
                "the prefill probe's blank picture"));
    }

    public Conversation conversation() {
        return conversation;
    }

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

    @Override
    public void close() {
        try {
            conversation.close();
        } finally {
            encoder.close();
        }
    }
}
