package dev.benchmate.media;

/**
 * What the camera saw, or an image file: 8-bit pixels in OpenCV's BGR order, row by row.
 * The vision encoder turns it into the model's RGB input itself.
 */
public record Picture(int width, int height, byte[] bgr, String source) {
    public Picture {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a picture needs a positive size, got " + width + "x" + height);
        }
        if (bgr.length != width * height * 3) {
            throw new IllegalArgumentException("a " + width + "x" + height + " BGR picture has " + width * height * 3
                    + " bytes, got " + bgr.length);
        }
    }

    @Override
    public String toString() {
        return "Picture[" + width + "x" + height + " from " + source + "]";
    }
}
