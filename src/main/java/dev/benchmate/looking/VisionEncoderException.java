package dev.benchmate.looking;

/** The vision encoder's runtime failed or its model does not fit; the message says which. */
public class VisionEncoderException extends RuntimeException {
    public VisionEncoderException(String message) {
        super(message);
    }
}
