package dev.benchmate.web;

/** The request itself is wrong (an empty question, a field of the wrong kind): 400 with why. */
public class BadRequest extends RuntimeException {
    public BadRequest(String message) {
        super(message);
    }
}
