package dev.benchmate.core;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.Picture;
import java.util.Objects;
import java.util.Optional;

/**
 * A question from any front door: its words (text, or audio to transcribe), which picture goes with
 * it, and whether the answer is spoken.
 *
 * @param from the front door
 * @param text the question as text, or null when it is audio
 * @param audio the spoken question (16 kHz mono), or null when it is text
 * @param picture which picture goes with it
 * @param speak whether the answer is spoken through Benchmate's voice
 * @param afterWakePhrase the audio begins with the wake phrase, which is not part of the question
 * @param endNanos when the question ended (System.nanoTime: speech end, or when it arrived); the
 *                 turn's latencies count from here
 */
public record Question(FrontDoor from, String text, AudioClip audio, PictureChoice picture, boolean speak,
                       boolean afterWakePhrase, long endNanos) {

    public Question {
        Objects.requireNonNull(from);
        Objects.requireNonNull(picture);
        if ((text == null) == (audio == null)) {
            throw new IllegalArgumentException("a question is either text or audio");
        }
        if (text != null && text.isBlank()) {
            throw new IllegalArgumentException("the question is empty");
        }
    }

    /** Which picture goes with a question. */
    public sealed interface PictureChoice {
        /** The picture policy decides (first question, "look", "this", …), using the camera. */
        record Auto() implements PictureChoice {
        }

        /** The camera's latest frame, whatever the question says. */
        record Camera() implements PictureChoice {
        }

        /** This picture (sent by a client, or a file). */
        record Given(Picture picture) implements PictureChoice {
        }

        /** No new picture; the conversation's picture, if any, stays. */
        record None() implements PictureChoice {
        }

        PictureChoice AUTO = new Auto();
        PictureChoice CAMERA = new Camera();
        PictureChoice NONE = new None();
    }

    /** A question heard by the voice loop, answered aloud. */
    public static Question spoken(AudioClip audio, boolean afterWakePhrase, long speechEndNanos) {
        return new Question(FrontDoor.VOICE, null, audio, PictureChoice.AUTO, true, afterWakePhrase, speechEndNanos);
    }

    public static Question text(FrontDoor from, String text, PictureChoice picture, boolean speak) {
        return new Question(from, text, null, picture, speak, false, System.nanoTime());
    }

    public static Question audio(FrontDoor from, AudioClip audio, PictureChoice picture, boolean speak,
                                 long endNanos) {
        return new Question(from, null, audio, picture, speak, false, endNanos);
    }

    public Optional<String> textIfTyped() {
        return Optional.ofNullable(text);
    }
}
