package dev.benchmate.listening;

/** Speech started or ended, at a time in seconds from the start of the audio. */
public record SpeechEvent(Kind kind, double seconds) {
    public enum Kind { START, END }

    public static SpeechEvent start(double seconds) {
        return new SpeechEvent(Kind.START, seconds);
    }

    public static SpeechEvent end(double seconds) {
        return new SpeechEvent(Kind.END, seconds);
    }
}
