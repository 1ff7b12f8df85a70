package dev.benchmate.looking;

import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.Picture;

/** The port to a vision encoder: a picture in, image-token embeddings out. */
public interface VisionEncoder extends AutoCloseable {
    /** Input width the encoder expects, read from the model. */
    int inputWidth();

    int inputHeight();

    /** Image tokens per picture. */
    int imageTokens();

    /** Floats per image token after interleaving all outputs. */
    int floatsPerToken();

    ImageEmbedding encode(Picture picture);

    @Override
    void close();
}
