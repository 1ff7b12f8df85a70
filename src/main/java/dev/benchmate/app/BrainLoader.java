package dev.benchmate.app;

import dev.benchmate.core.Brain;
import dev.benchmate.looking.RknnVisionEncoder;
import dev.benchmate.media.ModelFileMissingException;
import dev.benchmate.thinking.Conversation;
import dev.benchmate.thinking.RkllmLanguageModel;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Loads the runtimes and the two models into a {@link Brain}; on any failure nothing stays loaded. */
public final class BrainLoader {
    private static final Logger LOG = Logger.getLogger(BrainLoader.class);

    private BrainLoader() {
    }

    public static Brain load(BrainSettings s) {
        // Check both files first, so a person learns about every missing model in one go.
        ModelFileMissingException.requireAll(
                new ModelFileMissingException.Expected("language model", s.llm().model(), s.names().llmModel()),
                new ModelFileMissingException.Expected("vision encoder model", s.visionModel(),
                        s.names().visionModel()));
        if (s.simulated()) {
            LOG.warnf("Using the SIMULATED NPU (a test instrument, not a real model) from %s",
                    s.rkllmLibrary().orElseThrow());
        }
        long t0 = System.nanoTime();
        RkllmLanguageModel llm = RkllmLanguageModel.open(s.rkllmLibrary(), s.llm());
        Duration llmTime = Duration.ofNanos(System.nanoTime() - t0);
        try {
            long t1 = System.nanoTime();
            RknnVisionEncoder encoder = RknnVisionEncoder.open(s.rknnLibrary(), s.visionModel(), s.npuCoreMask());
            Duration encoderTime = Duration.ofNanos(System.nanoTime() - t1);
            try {
                Conversation conversation = new Conversation(llm, s.template());
                LOG.infof("Models loaded: %s in %d ms, %s (%dx%d, %d image tokens, RKNN %s) in %d ms",
                        s.llm().model().getFileName(), llmTime.toMillis(), s.visionModel().getFileName(),
                        encoder.inputWidth(), encoder.inputHeight(), encoder.imageTokens(), encoder.sdkVersion(),
                        encoderTime.toMillis());
                return new Brain(encoder, conversation, llmTime, encoderTime, s.simulated());
            } catch (RuntimeException e) {
                encoder.close();
                throw e;
            }
        } catch (RuntimeException e) {
            llm.close();
            throw e;
        }
    }
}
