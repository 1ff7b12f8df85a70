package dev.benchmate.thinking;

import dev.benchmate.bindings.NativeCallException;
import dev.benchmate.bindings.rkllm.RkllmAbiUnknownException;
import dev.benchmate.bindings.rkllm.RkllmApi;
import dev.benchmate.bindings.rkllm.RkllmRuntime;
import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.ModelFileMissingException;
import dev.benchmate.media.TokenListener;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The language model on the NPU through librkllmrt.so: the {@link LanguageModel} port over the
 * runtime binding. Here the runtime's bytes become whole characters, its states an outcome, its
 * error codes {@link LanguageModelException}s.
 */
public final class RkllmLanguageModel implements LanguageModel {
    private final RkllmRuntime runtime;
    private final LanguageModelSettings settings;
    private volatile boolean abortRequested;

    private RkllmLanguageModel(RkllmRuntime runtime, LanguageModelSettings settings) {
        this.runtime = runtime;
        this.settings = settings;
    }

    /** Loads the runtime library (RKLLM 1.3.x ABI) and the model. */
    public static RkllmLanguageModel open(Optional<Path> library, LanguageModelSettings settings) {
        return open(library, RkllmApi.V1_3, settings);
    }

    /**
     * Loads the runtime library and the model.
     *
     * @param library librkllmrt.so, a file or its folder; empty to search the system paths
     * @param api the runtime's C ABI (benchmate.npu.rkllm-api); auto reads the library's version text
     * @throws ModelFileMissingException when the model file is not there
     * @throws LanguageModelException when the runtime refuses it, or auto cannot tell the ABI
     */
    public static RkllmLanguageModel open(Optional<Path> library, RkllmApi api, LanguageModelSettings settings) {
        ModelFileMissingException.require("language model", settings.model(), "benchmate.llm.model");
        ImageTags tags = settings.imageTags();
        RkllmRuntime.Params p = new RkllmRuntime.Params(settings.model(), settings.maxContextLen(),
                settings.maxNewTokens(), settings.topK(), settings.topP(), settings.temperature(),
                settings.repeatPenalty(), settings.platform().baseDomainId(), settings.enabledCpusMask(),
                tags.start(), tags.end(), tags.content());
        try {
            return new RkllmLanguageModel(RkllmRuntime.init(library, "benchmate.npu.rkllm-library", api,
                    "benchmate.npu.rkllm-api", p), settings);
        } catch (RkllmAbiUnknownException e) {
            throw new LanguageModelException("language model not loaded: " + e.getMessage(), e);
        } catch (NativeCallException e) {
            throw new LanguageModelException("cannot load language model " + settings.model() + ": " + e.getMessage()
                    + " (is it an .rkllm file converted for " + settings.platform().name().toLowerCase(Locale.ROOT)
                    + " and for this runtime release?)", e);
        }
    }

    /** The runtime's C ABI the model was loaded with ("1.2.x" or "1.3.x") and how it was chosen. */
    public String runtimeAbi() {
        return runtime.abiName() + " (" + runtime.abiReason() + ")";
    }

    @Override
    public LanguageModelSettings settings() {
        return settings;
    }

    @Override
    public void setChatTemplate(ChatTemplate template) {
        try {
            runtime.setChatTemplate(template.systemPrompt(), template.prefix(), template.postfix());
        } catch (NativeCallException | IllegalStateException e) {
            throw new LanguageModelException(e.getMessage(), e);
        }
    }

    @Override
    public RunOutcome run(ModelInput input, boolean keepHistory, RunOptions options, TokenListener listener) {
        RunResults results = new RunResults(listener);
        RkllmRuntime.Image image = image(input);
        int limit = options.maxNewTokens(settings);
        RkllmRuntime.Sampling sampling = options.sampling() ? new RkllmRuntime.Sampling(settings.topK(),
                options.topP() != null ? options.topP() : settings.topP(),
                options.temperature() != null ? options.temperature() : settings.temperature(),
                settings.repeatPenalty()) : null;
        abortRequested = false;
        int ret;
        try {
            ret = runtime.run(input.text(), image, keepHistory, limit, sampling, results);
        } catch (RkllmRuntime.ResultHandlerException e) {
            throw new LanguageModelException("the answer's listener failed: " + e.getCause(), e.getCause());
        } catch (IllegalStateException e) {
            throw new LanguageModelException(e.getMessage(), e);
        }
        String tail = results.assembler.flush();
        if (!tail.isEmpty()) {
            results.deliver(tail);
        }
        if (ret != 0 || results.error) {
            throw new LanguageModelException("the model runtime reported an error for this question (rkllm_run "
                    + "returned " + ret + (results.error ? ", state RKLLM_RUN_ERROR" : "") + ")");
        }
        boolean aborted = abortRequested;
        return new RunOutcome(results.text.toString(), results.stats, aborted,
                !aborted && results.stats.generateTokens() >= limit);
    }

    @Override
    public RunStats prefill(ModelInput input) {
        RunResults results = new RunResults(TokenListener.NONE);
        abortRequested = false;
        int ret;
        try {
            ret = runtime.prefill(input.text(), image(input), results);
        } catch (RkllmRuntime.ResultHandlerException e) {
            throw new LanguageModelException("the prefill's handler failed: " + e.getCause(), e.getCause());
        } catch (IllegalStateException e) {
            throw new LanguageModelException(e.getMessage(), e);
        }
        if (abortRequested) {
            throw new PrefillStoppedException();
        }
        if (ret != 0 || results.error) {
            throw new LanguageModelException("the model runtime reported an error for a prefill (rkllm_run in "
                    + "RKLLM_INFER_GET_LAST_HIDDEN_LAYER mode returned " + ret
                    + (results.error ? ", state RKLLM_RUN_ERROR" : "") + ")");
        }
        return results.stats;
    }

    private RkllmRuntime.Image image(ModelInput input) {
        if (!input.hasPicture()) {
            return null;
        }
        ImageEmbedding p = input.picture();
        ImageTags tags = settings.imageTags();
        return new RkllmRuntime.Image(p.values(), p.tokens(), p.width(), p.height(), tags.start(), tags.end(),
                tags.content());
    }

    @Override
    public void abort() {
        abortRequested = true;
        runtime.abort();
    }

    @Override
    public boolean isRunning() {
        return runtime.isRunning();
    }

    @Override
    public void clearHistory(boolean keepSystemPrompt) {
        try {
            runtime.clearKvCache(keepSystemPrompt);
        } catch (NativeCallException | IllegalStateException e) {
            throw new LanguageModelException(e.getMessage(), e);
        }
    }

    @Override
    public int kvCacheSize() {
        try {
            return runtime.kvCacheSize();
        } catch (NativeCallException | IllegalStateException e) {
            throw new LanguageModelException(e.getMessage(), e);
        }
    }

    /** The runtime handle's address, for tests that read the simulator's counters. */
    long handleAddress() {
        return runtime.handleAddress();
    }

    @Override
    public void close() {
        abortRequested = true;
        runtime.close();
    }

    /** One run's results: whole characters to the listener, the text, the figures. */
    private static final class RunResults implements RkllmRuntime.Results {
        final TokenListener listener;
        final Utf8Assembler assembler = new Utf8Assembler();
        final StringBuilder text = new StringBuilder();
        volatile boolean error;
        volatile RunStats stats = RunStats.NONE;

        RunResults(TokenListener listener) {
            this.listener = listener;
        }

        @Override
        public void text(byte[] utf8) {
            String complete = assembler.accept(utf8);
            if (!complete.isEmpty()) {
                deliver(complete);
            }
        }

        @Override
        public void finished(RkllmRuntime.Perf perf) {
            stats = new RunStats(perf.prefillTokens(), perf.prefillMs(), perf.generateTokens(), perf.generateMs(),
                    perf.memoryMb());
        }

        @Override
        public void error() {
            error = true;
        }

        void deliver(String piece) {
            text.append(piece);
            listener.onText(piece);
        }
    }
}
