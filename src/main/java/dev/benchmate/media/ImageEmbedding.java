package dev.benchmate.media;

import java.time.Duration;

/**
 * A picture as the language model takes it: {@code tokens} image tokens of {@code floatsPerToken}
 * floats each (the encoder's outputs interleaved per token), for a picture of width × height.
 */
public record ImageEmbedding(float[] values, int tokens, int floatsPerToken, int width, int height,
                             Duration encodeTime, String source) {
    public ImageEmbedding {
        if ((long) tokens * floatsPerToken != values.length) {
            throw new IllegalArgumentException(tokens + " tokens × " + floatsPerToken + " floats ≠ " + values.length);
        }
    }

    @Override
    public String toString() {
        return "ImageEmbedding[" + tokens + "×" + floatsPerToken + " of " + source + "]";
    }
}
