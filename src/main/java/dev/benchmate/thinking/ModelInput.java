package dev.benchmate.thinking;

import dev.benchmate.media.ImageEmbedding;

/**
 * One user message for the model: text, and a picture when one goes with it. With a picture the
 * text contains the literal {@code <image>} where the picture goes.
 */
public record ModelInput(String text, ImageEmbedding picture) {
    public static final String IMAGE_MARKER = "<image>";

    public static ModelInput text(String text) {
        return new ModelInput(text, null);
    }

    /** The text with the picture in front of it unless the text already says where it goes. */
    public static ModelInput withPicture(String text, ImageEmbedding picture) {
        return new ModelInput(text.contains(IMAGE_MARKER) ? text : IMAGE_MARKER + text, picture);
    }

    public boolean hasPicture() {
        return picture != null;
    }
}
