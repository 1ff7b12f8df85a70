package dev.benchmate.bindings;

/** A runtime function returned an error code. The adapter above turns it into its stage's own error. */
public class NativeCallException extends RuntimeException {
    private final String call;
    private final int code;

    public NativeCallException(String call, int code, String detail) {
        super(call + " returned " + code + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
        this.call = call;
        this.code = code;
    }

    public String call() {
        return call;
    }

    public int code() {
        return code;
    }
}
