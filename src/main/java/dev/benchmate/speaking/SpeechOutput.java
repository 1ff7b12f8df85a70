package dev.benchmate.speaking;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Benchmate's voice: English (and any non-Chinese text) through MaryTTS, Chinese through
 * espeak-ng where it is installed; otherwise Chinese is shown, not spoken, and the log says why
 * once. One answer speaks at a time; a new one stops the one before.
 */
public final class SpeechOutput implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SpeechOutput.class);
    private final Synthesizer english;
    private final Optional<? extends Synthesizer> chinese;
    private final AudioSink sink;
    private final AtomicBoolean toldNoChinese = new AtomicBoolean();
    private SpokenAnswer current;

    public SpeechOutput(Synthesizer english, Optional<? extends Synthesizer> chinese, AudioSink sink) {
        this.english = english;
        this.chinese = chinese;
        this.sink = sink;
    }

    /**
     * Starts speaking an answer that is still being generated: feed it tokens, then finish().
     *
     * @param onStop what barge-in must also stop (the generation: the conversation's abort)
     */
    public synchronized SpokenAnswer begin(Runnable onStop) {
        if (current != null && !current.isDone()) {
            current.stop();
        }
        current = new SpokenAnswer(this::voiceFor, sink, onStop);
        return current;
    }

    /** Speaks a whole text. */
    public SpokenAnswer say(String text) {
        SpokenAnswer a = begin(() -> { });
        a.onText(text);
        a.finish();
        return a;
    }

    /**
     * Plays an earcon (listening, thinking, error) unless an answer is being spoken. Short, and
     * played on the caller's thread: it never waits for synthesis.
     */
    public void earcon(Earcons.Kind kind) {
        if (!speaking()) {
            sink.write(Earcons.of(kind));
        }
    }

    /** Whether an answer is being spoken (the listener raises its guard against Benchmate's own voice). */
    public synchronized boolean speaking() {
        return current != null && !current.isDone();
    }

    /** Barge-in on whatever is being spoken. */
    public synchronized void stop() {
        if (current != null) {
            current.stop();
        }
    }

    private Optional<Synthesizer> voiceFor(String sentence) {
        if (!isChinese(sentence)) {
            return Optional.of(english);
        }
        if (chinese.isPresent()) {
            return Optional.of(chinese.get());
        }
        if (toldNoChinese.compareAndSet(false, true)) {
            LOG.warn("Chinese replies are shown but not spoken: MaryTTS has no Mandarin voice and espeak-ng is not "
                    + "installed (apt-get install espeak-ng)");
        }
        return Optional.empty();
    }

    static boolean isChinese(String text) {
        return text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }

    @Override
    public void close() {
        stop();
        sink.close();
    }
}
