package dev.benchmate.app;

import dev.benchmate.listening.HandsFreeGate;
import dev.benchmate.listening.HandsFreeMode;
import dev.benchmate.listening.PhraseSpotter;
import dev.benchmate.listening.Phrases;
import dev.benchmate.listening.SpeechDetectorSettings;
import dev.benchmate.media.SpeechFeatureUnavailableException;
import dev.benchmate.listening.TarsosSpeechDetector;
import dev.benchmate.listening.UtteranceRecorder;
import dev.benchmate.listening.VoskPhraseSpotter;
import dev.benchmate.transcribing.Transcriber;
import dev.benchmate.transcribing.TranscriberSettings;
import dev.benchmate.transcribing.WhisperModelException;
import dev.benchmate.transcribing.WhisperTranscriber;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Builds the listening chain from the configuration; a missing Vosk model turns the spotter off, with one line. */
public final class ListeningSetup {
    private static final Logger LOG = Logger.getLogger(ListeningSetup.class);

    private ListeningSetup() {
    }

    public static UtteranceRecorder recorder(BenchmateConfig.Listening l) {
        SpeechDetectorSettings settings = new SpeechDetectorSettings(l.endSilenceMs(), l.maxUtteranceMs(),
                SpeechDetectorSettings.DEFAULTS.onsetDb(), SpeechDetectorSettings.DEFAULTS.holdDb());
        return new UtteranceRecorder(new TarsosSpeechDetector(settings), l.preRollMs());
    }

    public static Phrases phrases(BenchmateConfig.Listening l) {
        return switch (l.language().trim().toLowerCase(Locale.ROOT)) {
            case "en" -> Phrases.english(l.wakePhrase().orElse("hey bench mate"));
            case "zh" -> Phrases.chinese(l.wakePhrase().orElse("你好 助手"));
            default -> throw new IllegalArgumentException("benchmate.listening.language must be en or zh, got '"
                    + l.language() + "'");
        };
    }

    public static HandsFreeGate gate(BenchmateConfig.Listening l) {
        return new HandsFreeGate(HandsFreeMode.parse(l.mode()), phrases(l), Duration.ofMillis(l.followUpMs()),
                InstantSource.system());
    }

    /** The transcriber, or empty (logged once) when its model is missing or unusable. */
    public static Optional<Transcriber> transcriber(BenchmateConfig.Transcribing t) {
        try {
            return Optional.of(WhisperTranscriber.open(t.model(), new TranscriberSettings(t.language(), t.threads(),
                    t.initialPrompt())));
        } catch (WhisperModelException | SpeechFeatureUnavailableException e) {
            LOG.warnf("Transcription is off: %s (Whisper-Tiny q8_0: ggml-tiny-q8_0.bin from whisper.cpp's models; "
                    + "set benchmate.transcribing.model)", e.getMessage());
            return Optional.empty();
        }
    }

    /** The spotter, or empty (logged once) when its model or library is missing. */
    public static Optional<PhraseSpotter> spotter(BenchmateConfig.Listening l) {
        try {
            return Optional.of(VoskPhraseSpotter.open(l.voskModel(), l.voskLibrary(), phrases(l).grammar()));
        } catch (SpeechFeatureUnavailableException e) {
            LOG.warnf("Wake phrase and spoken commands are off: %s", e.getMessage());
            return Optional.empty();
        }
    }
}
