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

    /**
     * A brain that thinks on the engine on the LAN. With the NPU as fallback its models are loaded
     * too; where they cannot be (none on this machine, a runtime missing), the fallback is off and
     * the log says so, once, here.
     *
     * @param npu the NPU's settings, for the fallback; empty: no fallback (benchmate.remote.fallback=none)
     */
    public static Brain loadRemote(dev.benchmate.thinking.remote.RemoteSettings remote,
                                   java.util.Optional<BrainSettings> npu, Duration recheck,
                                   java.util.function.Consumer<String> progress) {
        dev.benchmate.thinking.remote.RemoteConversation conversation = new dev.benchmate.thinking.remote
                .RemoteConversation(new dev.benchmate.thinking.remote.EngineClient(remote));
        String where = "the engine at " + remote.url() + remote.model().map(m -> " (model " + m + ")").orElse("");
        dev.benchmate.thinking.remote.RemoteSettings.unresolvedHostNote(remote.url()).ifPresent(LOG::warn);
        if (npu.isEmpty()) {
            LOG.infof("Thinking on %s; no fallback (benchmate.remote.fallback=none)", where);
            return Brain.elsewhere(conversation, where + ", no fallback", false);
        }
        Brain local;
        try {
            local = load(npu.get(), progress);
        } catch (RuntimeException e) {
            LOG.warnf("Thinking on %s; the NPU cannot stand in for it, so there is no fallback: %s", where,
                    e.getMessage());
            return Brain.elsewhere(conversation, where + ", no fallback (the NPU's models did not load)", false);
        }
        try {
            dev.benchmate.core.RemoteFirst chat = new dev.benchmate.core.RemoteFirst(conversation,
                    (Conversation) local.conversation(), local.encoder(), recheck,
                    line -> {
                        if (line.startsWith("Falling back")) {
                            LOG.warn(line);
                        } else {
                            LOG.info(line);
                        }
                    });
            LOG.infof("Thinking on %s; the NPU stands in when it fails", where);
            return Brain.elsewhere(chat, where + ", the NPU as fallback", local.simulated(), local);
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
    }
}
