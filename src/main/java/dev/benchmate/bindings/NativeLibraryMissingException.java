package dev.benchmate.bindings;

/** A runtime library could not be found or loaded; the message names the file and the setting to change. */
public class NativeLibraryMissingException extends RuntimeException {
    public NativeLibraryMissingException(String message) {
        super(message);
    }

    public NativeLibraryMissingException(String message, Throwable cause) {
        super(message, cause);
    }
}
