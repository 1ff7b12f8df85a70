package dev.benchmate.core;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.Picture;
import dev.benchmate.thinking.Exchange;
import dev.benchmate.thinking.RunOptions;
import java.util.List;
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
 * @param history the conversation the asker believes came before (an OpenAI-style client sends it
 *                with every request), checked against the one held inside the turn; null when the
 *                question goes on from whatever is held
 * @param options the answer's own token limit and sampling
 */
public record Question(FrontDoor from, String text, AudioClip audio, PictureChoice picture, boolean speak,
                       boolean afterWakePhrase, long endNanos, History history, RunOptions options) {

    public Question(FrontDoor from, String text, AudioClip audio, PictureChoice picture, boolean speak,
                    boolean afterWakePhrase, long endNanos) {
        this(from, text, audio, picture, speak, afterWakePhrase, endNanos, null, RunOptions.DEFAULT);
    }

    public Question {
        Objects.requireNonNull(from);
        Objects.requireNonNull(picture);
        options = options == null ? RunOptions.DEFAULT : options;
        if ((text == null) == (audio == null)) {
            throw new IllegalArgumentException("a question is either text or audio");
        }
        if (text != null && text.isBlank()) {
            throw new IllegalArgumentException("the question is empty");
        }
    }

    /**
     * The conversation a question expects to extend.
     *
     * @param exchanges the earlier questions and answers, oldest first
     * @param latestPicture the latest picture among them (decoded), attached when the conversation
     *                      starts again with this history and the question brings none; or null
     */
    public record History(List<Exchange> exchanges, Picture latestPicture) {
        public History {
            exchanges = List.copyOf(exchanges);
        }
    }

    /** The same question, expecting this history. */
    public Question expecting(History h) {
        return new Question(from, text, audio, picture, speak, afterWakePhrase, endNanos, h, options);
    }

    /** The same question with its own token limit and sampling. */
    public Question with(RunOptions o) {
        return new Question(from, text, audio, picture, speak, afterWakePhrase, endNanos, history, o);
    }

    /** Which picture goes with a question. */
    public sealed interface PictureChoice {
        /** The picture policy decides (first question, "look", "this", …), using the camera. */
        record Auto() implements PictureChoice {
        }

        /** The camera's latest frame, whatever the question says. */
        record Camera() implements PictureChoice {
        }

        /**
         * This picture (sent by a client, or a file).
         *
         * @param digest what identifies it by content in the conversation's history (a SHA-256 of
         *               the file a client sent), or null
         */
        record Given(Picture picture, String digest) implements PictureChoice {
            public Given(Picture picture) {
                this(picture, null);
            }
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
