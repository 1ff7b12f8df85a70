package dev.benchmate.speaking;

import dev.benchmate.media.AudioClip;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The one voice chooser every path uses (the loop, ask, say, the web): Chinese goes to espeak-ng
 * (MaryTTS has no Mandarin voice), everything else to MaryTTS, and text MaryTTS cannot voice (it
 * returns no audio for scripts it has no rules for) to espeak-ng's default voice. A sentence no
 * voice can say is a {@link SynthesisException} naming what to install.
 */
public final class Voices implements Synthesizer {
    private static final Logger LOG = Logger.getLogger(Voices.class);
    /** Less audio than this for a sentence with letters in it means the voice could not say it. */
    private static final double MIN_SECONDS = 0.05;
    private static final AtomicBoolean TOLD_NO_ESPEAK = new AtomicBoolean();

    private final Synthesizer main;
    private final Optional<? extends Synthesizer> chinese;
    private final Optional<? extends Synthesizer> fallback;

    public Voices(Synthesizer main, Optional<? extends Synthesizer> chinese, Optional<? extends Synthesizer> fallback) {
        this.main = main;
        this.chinese = chinese;
        this.fallback = fallback;
    }

    /** Whether Chinese can be spoken here (espeak-ng is installed). */
    public boolean speaksChinese() {
        return chinese.isPresent();
    }

    @Override
    public AudioClip synthesize(String text) {
        if (!hasWords(text)) {
            return new AudioClip(new float[0], main.sampleRate() > 0 ? main.sampleRate() : 16_000);
        }
        if (isChinese(text)) {
            if (chinese.isEmpty()) {
                throw noVoice("Chinese is shown but not spoken: MaryTTS has no Mandarin voice");
            }
            return chinese.get().synthesize(text);
        }
        SynthesisException failure = null;
        try {
            AudioClip clip = main.synthesize(text);
            if (clip.seconds() >= MIN_SECONDS) {
                return clip;
            }
        } catch (SynthesisException e) {
            failure = e;
        }
        if (fallback.isPresent()) {
            return fallback.get().synthesize(text);
        }
        SynthesisException e = noVoice("MaryTTS cannot voice \"" + text + "\"");
        if (failure != null) {
            e.addSuppressed(failure);
        }
        throw e;
    }

    private static SynthesisException noVoice(String what) {
        String message = what + " and no espeak-ng voice is set up for it (Benchmate uses espeak-ng where it is "
                + "installed: apt-get install espeak-ng)";
        if (TOLD_NO_ESPEAK.compareAndSet(false, true)) {
            LOG.warn(message);
        }
        return new SynthesisException(message, null);
    }

    @Override
    public int sampleRate() {
        return main.sampleRate();
    }

    static boolean isChinese(String text) {
        return text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }

    private static boolean hasWords(String text) {
        return text.codePoints().anyMatch(Character::isLetterOrDigit);
    }
}
