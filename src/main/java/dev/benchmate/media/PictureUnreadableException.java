package dev.benchmate.media;

/** An image file is missing, unreadable or not a picture OpenCV can decode. */
public class PictureUnreadableException extends RuntimeException {
    public PictureUnreadableException(String message) {
        super(message);
    }
}
