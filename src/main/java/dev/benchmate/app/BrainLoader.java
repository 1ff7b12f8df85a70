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

    /** A file's size as a person reads it: 2.1 GB, 44 MB. */
    static String size(java.nio.file.Path file) {
        try {
            long bytes = java.nio.file.Files.size(file);
            return bytes >= 1_000_000_000L ? String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1e9)
                    : String.format(java.util.Locale.ROOT, "%d MB", Math.max(1, bytes / 1_000_000));
        } catch (java.io.IOException e) {
            return "size unknown";
        }
    }

    private BrainLoader() {
    }

    public static Brain load(BrainSettings s) {
        return load(s, step -> { });
    }

    /** @param progress told of each step as it begins ("loading the language model x.rkllm (2.1 GB)…") */
    public static Brain load(BrainSettings s, java.util.function.Consumer<String> progress) {
        // Check both files first, so a person learns about every missing model in one go.
        ModelFileMissingException.requireAll(
                new ModelFileMissingException.Expected("language model", s.llm().model(), s.names().llmModel()),
                new ModelFileMissingException.Expected("vision encoder model", s.visionModel(),
                        s.names().visionModel()));
        if (s.simulated()) {
            LOG.warnf("Using the SIMULATED NPU (a test instrument, not a real model) from %s",
                    s.rkllmLibrary().orElseThrow());
        }
        progress.accept("loading the language model " + s.llm().model().getFileName() + " (" + size(s.llm().model())
                + ")…");
        long t0 = System.nanoTime();
        RkllmLanguageModel llm = RkllmLanguageModel.open(s.rkllmLibrary(), s.rkllmApi(), s.llm());
        Duration llmTime = Duration.ofNanos(System.nanoTime() - t0);
        try {
            progress.accept("loading the vision encoder " + s.visionModel().getFileName() + " ("
                    + size(s.visionModel()) + ")…");
            long t1 = System.nanoTime();
            RknnVisionEncoder encoder = RknnVisionEncoder.open(s.rknnLibrary(), s.visionModel(), s.npuCoreMask());
            Duration encoderTime = Duration.ofNanos(System.nanoTime() - t1);
            try {
                Conversation conversation = new Conversation(llm, s.template(), s.restartKeep());
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
