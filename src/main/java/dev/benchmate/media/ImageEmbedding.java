package dev.benchmate.media;

import java.time.Duration;

/**
 * A picture as the language model takes it: {@code tokens} image tokens of {@code floatsPerToken}
 * floats each (the encoder's outputs interleaved per token), for a picture of width × height.
 *
 * <p>A model that takes pictures as files (an engine on the LAN) gets the picture itself instead:
 * then {@link #picture()} is set and there are no tokens here ({@link #unencoded}); on the NPU it
 * is null.
 */
public record ImageEmbedding(float[] values, int tokens, int floatsPerToken, int width, int height,
                             Duration encodeTime, String source, Picture picture) {
    public ImageEmbedding {
        if ((long) tokens * floatsPerToken != values.length) {
            throw new IllegalArgumentException(tokens + " tokens × " + floatsPerToken + " floats ≠ " + values.length);
        }
    }

    /** An encoded picture (the NPU's vision encoder). */
    public ImageEmbedding(float[] values, int tokens, int floatsPerToken, int width, int height, Duration encodeTime,
                          String source) {
        this(values, tokens, floatsPerToken, width, height, encodeTime, source, null);
    }

    /** A picture not encoded on the board: it goes to the model as it is. */
    public static ImageEmbedding unencoded(Picture picture) {
        return new ImageEmbedding(new float[0], 0, 0, picture.width(), picture.height(), Duration.ZERO,
                picture.source(), picture);
    }

    /** Whether this is the picture itself, not encoded here (see {@link #unencoded}). */
    public boolean isUnencoded() {
        return picture != null;
    }

    @Override
    public String toString() {
        return picture != null ? "ImageEmbedding[unencoded " + picture + "]"
                : "ImageEmbedding[" + tokens + "×" + floatsPerToken + " of " + source + "]";
    }
}
