package dev.benchmate.bindings.rkllm;

import static dev.benchmate.bindings.rkllm.LLMCallState.RKLLM_RUN_ERROR;
import static dev.benchmate.bindings.rkllm.LLMCallState.RKLLM_RUN_FINISH;
import static dev.benchmate.bindings.rkllm.LLMCallState.RKLLM_RUN_NORMAL;
import static dev.benchmate.bindings.rkllm.LLMCallState.RKLLM_RUN_WAITING;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.benchmate.bindings.NativeArena;
import dev.benchmate.bindings.NativeCallException;
import dev.benchmate.bindings.NativeLibraries;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One loaded RKLLM model in Java terms, on either C ABI (runtime 1.2.x or 1.3.x, see
 * {@link RkllmApi}): no JNA type crosses this class's public surface, and callers cannot tell the
 * two apart except by what 1.2.x cannot do (a run's own sampling; a run's own max_new_tokens is
 * kept here by pausing the run from its callback). It owns the handle from {@code rkllm_init} to
 * {@code rkllm_destroy}, holds the result callback strongly for that whole span (the runtime calls
 * it through a C pointer JNA made from it), owns the native memory of each run for the span of that
 * run, and lets one run at a time reach the NPU.
 */
public final class RkllmRuntime implements AutoCloseable {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(RkllmRuntime.class);

    /**
     * What rkllm_init is given. The image tags go to RKLLMParam on 1.2.x (once for the model); on
     * 1.3.x they travel with each picture ({@link Image}) and these are not used.
     */
    public record Params(Path model, int maxContextLen, int maxNewTokens, int topK, float topP, float temperature,
                         float repeatPenalty, int baseDomainId, int enabledCpusMask, String imageStart,
                         String imageEnd, String imageContent) {
        public Params(Path model, int maxContextLen, int maxNewTokens, int topK, float topP, float temperature,
                      float repeatPenalty, int baseDomainId, int enabledCpusMask) {
            this(model, maxContextLen, maxNewTokens, topK, topP, temperature, repeatPenalty, baseDomainId,
                    enabledCpusMask, null, null, null);
        }
    }

    /** A picture's embedding and the tags that surround it in the prompt. */
    public record Image(float[] embedding, int tokens, int width, int height, String start, String end,
                        String content) {
    }

    /**
     * One run's own sampling (RKLLMInferParam.sampling_params, runtime 1.3.x). The fields it does
     * not name (frequency and presence penalties, mirostat) keep the values the model was loaded with.
     */
    public record Sampling(int topK, float topP, float temperature, float repeatPenalty) {
    }

    /** RKLLMPerfStat of a finished run. */
    public record Perf(int prefillTokens, float prefillMs, int generateTokens, float generateMs, float memoryMb) {
    }

    /**
     * What the runtime reports during a run, on the runtime's own thread. Whatever a method throws
     * is kept, the run is aborted, and {@link #run} rethrows it as {@link ResultHandlerException}.
     */
    public interface Results {
        /** Bytes of UTF-8 text; a character may be cut between two calls. */
        void text(byte[] utf8);

        void finished(Perf perf);

        /** The runtime reported RKLLM_RUN_ERROR. */
        void error();
    }

    /** The results handler threw during a run. */
    public static final class ResultHandlerException extends RuntimeException {
        ResultHandlerException(Throwable cause) {
            super(cause.toString(), cause);
        }
    }

    private final Abi abi;
    private final RkllmFunctions rkllm;
    /** Held for the handle's lifetime. */
    private final LLMResultCallback resultCallback = this::onResult;
    /** How the ABI was chosen, for the log and messages. */
    private String abiReason = "";
    /** 1.2.x: the per-run limits a run asked for and could not have were said in the log once. */
    private final java.util.concurrent.atomic.AtomicBoolean perRunLimitsSaid = new java.util.concurrent.atomic.AtomicBoolean();
    /**
     * Owns model_path and the image tags, which the runtime may keep pointers to (1.3.x's callback
     * struct is JNA-allocated and held by its Abi, a final field of this runtime).
     */
    private final NativeArena lifetimeArena = new NativeArena();
    /** The max_new_tokens the model was loaded with: a run may ask for fewer. */
    private volatile int loadedMaxNewTokens;
    private final ReentrantLock runLock = new ReentrantLock();
    /** Calls that do not wait for a run (abort, is_running, the KV size) hold it shared; destroy holds it alone. */
    private final ReentrantReadWriteLock handleLock = new ReentrantReadWriteLock();
    private NativeArena templateArena;
    private volatile Pointer handle;
    private volatile ActiveRun active;
    /** close() has begun: no new run starts, and a run it could not wait for destroys the handle itself. */
    private volatile boolean closing;

    private RkllmRuntime(Abi abi) {
        this.abi = abi;
        this.rkllm = abi.functions();
    }

    /** The runtime 1.3.x ABI: loads librkllmrt.so and a model. */
    public static RkllmRuntime init(Optional<Path> library, String setting, Params p) {
        return init(library, setting, RkllmApi.V1_3, "benchmate.npu.rkllm-api", p);
    }

    /**
     * Loads librkllmrt.so and a model, with the ABI asked for; {@link RkllmApi#AUTO} reads the
     * library file's version text first and refuses when it cannot tell.
     *
     * @param library the library file or its folder; empty to search the system paths
     * @param setting the configuration key that names the library, quoted when it is missing
     * @param apiSetting the configuration key (or option) that chooses the ABI, quoted when auto cannot tell
     * @throws dev.benchmate.bindings.NativeLibraryMissingException when the library cannot be loaded
     * @throws RkllmAbiUnknownException when auto cannot tell which ABI the library speaks
     * @throws NativeCallException when rkllm_init fails
     */
    public static RkllmRuntime init(Optional<Path> library, String setting, RkllmApi api, String apiSetting, Params p) {
        String reason;
        RkllmApi chosen = api;
        if (api == RkllmApi.AUTO) {
            Optional<Path> file = NativeLibraries.locate(library, "rkllmrt");
            if (file.isEmpty()) {
                // Not found where we can read it: loading says what is missing, or the loader has it.
                NativeLibraries.load(library, "rkllmrt", RkllmFunctions.class, setting);
                throw new RkllmAbiUnknownException("librkllmrt.so comes from the dynamic loader's own search path, "
                        + "where Benchmate cannot read its version text: set " + setting
                        + " to the file, or " + apiSetting + " to 1.2 or 1.3 (the runtime's version is printed as "
                        + "'rkllm-runtime version: X.Y.Z' when a model loads)");
            }
            Optional<RkllmVersionText.Found> found;
            try {
                found = RkllmVersionText.read(file.get());
            } catch (java.io.IOException e) {
                throw new RkllmAbiUnknownException("cannot read " + file.get() + " to tell its RKLLM runtime version ("
                        + e.getMessage() + "): set " + apiSetting + " to 1.2 or 1.3");
            }
            if (found.isEmpty()) {
                throw new RkllmAbiUnknownException("cannot tell which RKLLM runtime " + file.get() + " is: it carries no "
                        + "'rkllm-runtime version' text with a 1.2.x or 1.3.x version; set " + apiSetting
                        + " to 1.2 or 1.3 (the runtime's version is printed as 'rkllm-runtime version: X.Y.Z' when a "
                        + "model loads)");
            }
            if (found.get().api().isEmpty()) {
                throw new RkllmAbiUnknownException(file.get() + " is RKLLM runtime " + found.get().version()
                        + " (read '" + found.get().text() + "'); Benchmate speaks the 1.2.x and 1.3.x ABIs only: "
                        + "install one of those, or set " + apiSetting + " to 1.2 or 1.3 to try one at your own risk");
            }
            chosen = found.get().api().get();
            reason = apiSetting + "=auto read '" + found.get().text() + "' in " + file.get();
        } else {
            reason = apiSetting + "=" + api.label();
        }
        Abi abi = chosen == RkllmApi.V1_2
                ? new Abi12(NativeLibraries.load(library, "rkllmrt", dev.benchmate.bindings.rkllm.v12.Rkllm12Library.class, setting))
                : new Abi13(NativeLibraries.load(library, "rkllmrt", RkllmLibrary.class, setting));
        RkllmRuntime runtime = start(abi, p);
        runtime.abiReason = reason;
        LOG.infof("RKLLM runtime ABI %s (%s)", abi.name(), reason);
        return runtime;
    }

    /** Loads a model with a 1.3.x library already loaded. */
    public static RkllmRuntime init(RkllmLibrary rkllm, Params p) {
        return start(new Abi13(rkllm), p);
    }

    /** Loads a model with a 1.2.x library already loaded. */
    public static RkllmRuntime init(dev.benchmate.bindings.rkllm.v12.Rkllm12Library rkllm, Params p) {
        return start(new Abi12(rkllm), p);
    }

    private static RkllmRuntime start(Abi abi, Params p) {
        RkllmRuntime runtime = new RkllmRuntime(abi);
        try {
            runtime.handle = abi.init(p, runtime.lifetimeArena, runtime.resultCallback);
            runtime.loadedMaxNewTokens = p.maxNewTokens();
        } catch (RuntimeException e) {
            runtime.lifetimeArena.close();
            throw e;
        }
        return runtime;
    }

    /** The ABI this model runs on: "1.2.x" or "1.3.x". */
    public String abiName() {
        return abi.name();
    }

    /** How the ABI was chosen (the setting, and for auto what was read where). */
    public String abiReason() {
        return abiReason;
    }

    /** rkllm_set_chat_template; the strings are kept for as long as they are the template. */
    public void setChatTemplate(String systemPrompt, String prefix, String postfix) {
        runLock.lock();
        NativeArena arena = new NativeArena();
        boolean kept = false;
        try {
            int ret = rkllm.rkllm_set_chat_template(requireHandle(), arena.utf8(systemPrompt), arena.utf8(prefix),
                    arena.utf8(postfix));
            if (ret != 0) {
                throw new NativeCallException("rkllm_set_chat_template", ret, null);
            }
            if (templateArena != null) {
                templateArena.close();
            }
            templateArena = arena;
            kept = true;
        } finally {
            if (!kept) {
                arena.close();
            }
            runLock.unlock();
        }
    }

    /**
     * One rkllm_run in generate mode, as the user role. Blocks until the run ends; results arrive
     * on the runtime's thread meanwhile.
     *
     * @param image the picture for a multimodal input, or null for a text prompt
     * @return rkllm_run's return code (0 on success)
     * @throws ResultHandlerException when the handler threw
     */
    public int run(String prompt, Image image, boolean keepHistory, int maxNewTokens, Results results) {
        return run(prompt, image, keepHistory, maxNewTokens, null, results);
    }

    /**
     * The same with the run's own sampling, passed as RKLLMInferParam.sampling_params (null: the
     * sampling the model was loaded with).
     */
    public int run(String prompt, Image image, boolean keepHistory, int maxNewTokens, Sampling sampling,
                   Results results) {
        return run(prompt, image, false, keepHistory, maxNewTokens, sampling, results);
    }

    /**
     * One rkllm_run in RKLLM_INFER_GET_LAST_HIDDEN_LAYER mode with keep_history=1: the input is
     * prefilled and nothing is generated (the hidden state the runtime hands back is not read).
     * Whether the runtime keeps such a run's input in the KV cache is not documented; a caller
     * checks {@link #kvCacheSize()} before and after.
     *
     * @return rkllm_run's return code (0 on success)
     */
    public int prefill(String prompt, Image image, Results results) {
        return run(prompt, image, true, true, 0, null, results);
    }

    private int run(String prompt, Image image, boolean prefillOnly, boolean keepHistory, int maxNewTokens,
                    Sampling sampling, Results results) {
        runLock.lock();
        try (NativeArena arena = new NativeArena()) {
            if (closing) {
                throw new IllegalStateException("language model already closed");
            }
            Pointer h = requireHandle();
            int pauseAt = 0;
            if (!abi.perRunLimits() && !prefillOnly) {
                boolean shorter = maxNewTokens > 0 && maxNewTokens < loadedMaxNewTokens;
                if ((sampling != null || shorter) && perRunLimitsSaid.compareAndSet(false, true)) {
                    LOG.warnf("RKLLM runtime %s takes no sampling and no max_new_tokens per run (1.3.x does): a "
                            + "request's temperature and top_p are not applied (the model keeps the values it was "
                            + "loaded with), and a shorter max_new_tokens is kept by pausing the run from its "
                            + "callback. Said once.", abi.name());
                }
                pauseAt = shorter ? maxNewTokens : 0;
            }
            ActiveRun run = new ActiveRun(results, pauseAt);
            active = run;
            int ret;
            try {
                ret = abi.run(h, prompt, image, prefillOnly, keepHistory, maxNewTokens, sampling, arena);
            } finally {
                active = null;
            }
            if (run.handlerFailure != null) {
                throw new ResultHandlerException(run.handlerFailure);
            }
            return ret;
        } finally {
            if (closing) {
                destroy(); // close() gave up waiting for this run: the handle goes with it
            }
            runLock.unlock();
        }
    }

    /** Called by the runtime on its thread during rkllm_run; never throws into native code. */
    private int onResult(Pointer result, Pointer userdata, int state) {
        ActiveRun run = active;
        if (run == null) {
            return LLMResultCallback.CONTINUE;
        }
        if (run.handlerFailure != null) {
            return LLMResultCallback.PAUSE;
        }
        if (run.pauseRequested && (state == RKLLM_RUN_NORMAL || state == RKLLM_RUN_WAITING)) {
            return LLMResultCallback.PAUSE; // stopped from inside the callback: no more text
        }
        run.callbackThread = Thread.currentThread();
        try {
            return deliver(run, result, state);
        } finally {
            run.callbackThread = null;
        }
    }

    private int deliver(ActiveRun run, Pointer result, int state) {
        try {
            if (state == RKLLM_RUN_NORMAL) {
                // Text only from NORMAL (WAITING: "waiting for a complete UTF-8 character", as the
                // vendor's demos read it); the bytes are still assembled, a runtime may split a character.
                Pointer text = result == null ? null : result.getPointer(0);
                if (text != null) {
                    long len = text.indexOf(0, (byte) 0);
                    if (len > 0) {
                        run.results.text(text.getByteArray(0, (int) len));
                        run.tokens++;
                    }
                }
                if (run.pauseAt > 0 && run.tokens >= run.pauseAt) {
                    return LLMResultCallback.PAUSE; // 1.2.x: the run's own max_new_tokens, kept here
                }
            } else if (state == RKLLM_RUN_WAITING) {
                return run.pauseRequested ? LLMResultCallback.PAUSE : LLMResultCallback.CONTINUE;
            } else if (state == RKLLM_RUN_FINISH) {
                Perf perf = new Perf(0, 0, 0, 0, 0);
                if (result != null) {
                    RKLLMResult r = new RKLLMResult(result);
                    r.read();
                    perf = new Perf(r.perf.prefill_tokens, r.perf.prefill_time_ms, r.perf.generate_tokens,
                            r.perf.generate_time_ms, r.perf.memory_usage_mb);
                }
                run.results.finished(perf);
            } else if (state == RKLLM_RUN_ERROR) {
                run.results.error();
            }
        } catch (Throwable t) {
            // Stop from inside the callback with its documented return value (1 pauses), not with
            // rkllm_abort on the runtime's own thread.
            run.handlerFailure = t;
            return LLMResultCallback.PAUSE;
        }
        // abort() called from inside this callback (a listener that stops the answer) pauses here.
        return run.pauseRequested ? LLMResultCallback.PAUSE : LLMResultCallback.CONTINUE;
    }

    /**
     * Stops a run in progress, from any thread, without waiting for the run's lock: from inside the
     * run's own callback by returning 1 (pause) from it, as the vendor documents; from any other
     * thread with rkllm_abort.
     */
    public void abort() {
        ActiveRun run = active;
        if (run != null && run.callbackThread == Thread.currentThread()) {
            run.pauseRequested = true;
            return;
        }
        handleLock.readLock().lock();
        try {
            Pointer h = handle;
            if (h != null && active != null) {
                rkllm.rkllm_abort(h);
            }
        } finally {
            handleLock.readLock().unlock();
        }
    }

    public boolean isRunning() {
        handleLock.readLock().lock();
        try {
            Pointer h = handle;
            return h != null && abi.running(rkllm.rkllm_is_running(h));
        } finally {
            handleLock.readLock().unlock();
        }
    }

    public void clearKvCache(boolean keepSystemPrompt) {
        runLock.lock();
        try {
            int ret = rkllm.rkllm_clear_kv_cache(requireHandle(), keepSystemPrompt ? 1 : 0, null, null);
            if (ret != 0) {
                throw new NativeCallException("rkllm_clear_kv_cache", ret, null);
            }
        } finally {
            runLock.unlock();
        }
    }

    /** Positions in the KV cache; 0 once the model is closed (it holds nothing then). */
    public int kvCacheSize() {
        handleLock.readLock().lock();
        try {
            Pointer h = handle;
            if (h == null) {
                return 0;
            }
            int[] sizes = new int[1];
            int ret = rkllm.rkllm_get_kv_cache_size(h, sizes);
            if (ret != 0) {
                throw new NativeCallException("rkllm_get_kv_cache_size", ret, null);
            }
            return sizes[0];
        } finally {
            handleLock.readLock().unlock();
        }
    }

    /** The handle's address, for the simulator's test probes; 0 once closed. */
    public long handleAddress() {
        Pointer h = handle;
        return h == null ? 0 : Pointer.nativeValue(h);
    }

    private Pointer requireHandle() {
        Pointer h = handle;
        if (h == null) {
            throw new IllegalStateException("language model already closed");
        }
        return h;
    }

    /**
     * Aborts a run in progress, waits for it (bounded), then destroys the handle. Safe to call
     * more than once and from a shutdown hook.
     */
    @Override
    public void close() {
        closing = true;
        abort();
        boolean locked = false;
        try {
            locked = runLock.tryLock(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            // The run did not end within 10 s of rkllm_abort; it destroys the handle when it does.
            LOG.errorf("rkllm_run did not end within 10 s of rkllm_abort: the model is released when it does");
            return;
        }
        try {
            destroy();
        } finally {
            runLock.unlock();
        }
    }

    /** rkllm_destroy and the lifetime memory, once; the caller holds the run lock. */
    private void destroy() {
        Pointer h = handle;
        if (h == null) {
            return;
        }
        handleLock.writeLock().lock();
        try {
            handle = null;
            rkllm.rkllm_destroy(h);
        } finally {
            handleLock.writeLock().unlock();
        }
        lifetimeArena.close();
        if (templateArena != null) {
            templateArena.close();
        }
    }

    /** The run in progress, touched by the callback. */
    private static final class ActiveRun {
        final Results results;
        /** 1.2.x: pause after this many pieces of text (0: never). */
        final int pauseAt;
        /** Pieces of text so far (on the runtime's thread only). */
        int tokens;
        volatile Throwable handlerFailure;
        /** The thread inside the callback right now, or null. */
        volatile Thread callbackThread;
        /** abort() was called from inside the callback: the callback returns 1 (pause). */
        volatile boolean pauseRequested;

        ActiveRun(Results results, int pauseAt) {
            this.results = results;
            this.pauseAt = pauseAt;
        }
    }

    /** What differs between the two C ABIs: loading, one run's structs, and rkllm_is_running's meaning. */
    private interface Abi {
        String name();

        RkllmFunctions functions();

        /** rkllm_init; the structs the runtime may keep pointers into live in {@code arena}. */
        Pointer init(Params p, NativeArena arena, LLMResultCallback callback);

        /**
         * One rkllm_run as the user role, in generate mode or (prefillOnly) the hidden-layer mode that
         * generates nothing; the run's memory lives in {@code arena}.
         */
        int run(Pointer h, String prompt, Image image, boolean prefillOnly, boolean keepHistory, int maxNewTokens,
                Sampling sampling, NativeArena arena);

        /** rkllm_is_running's return value read as "a task is running". */
        boolean running(int isRunningReturn);

        /** Whether a run can bring its own sampling and max_new_tokens. */
        boolean perRunLimits();
    }

    /** Runtime 1.3.x: callback struct at init, tags with each picture, per-run sampling and max_new_tokens. */
    private static final class Abi13 implements Abi {
        private static final int PARAM_SIZE = new RKLLMParam().size();
        private static final int INPUT_SIZE = new RKLLMInput().size();
        private static final int INFER_SIZE = new RKLLMInferParam().size();
        private static final int SAMPLING_SIZE = new RKLLMSamplingParam().size();
        private final RkllmLibrary lib;
        private final RKLLMCallback callbackStruct = new RKLLMCallback();
        /** The sampling fields of RKLLMParam the model was loaded with that a run's Sampling does not name. */
        private float frequencyPenalty, presencePenalty, mirostatTau = 5.0f, mirostatEta = 0.1f;
        private int mirostat;

        Abi13(RkllmLibrary lib) {
            this.lib = lib;
        }

        @Override
        public String name() {
            return "1.3.x";
        }

        @Override
        public RkllmFunctions functions() {
            return lib;
        }

        @Override
        public Pointer init(Params p, NativeArena arena, LLMResultCallback callback) {
            // Start from the runtime's defaults so fields this code does not know keep sane values.
            RKLLMParam.ByValue defaults = lib.rkllm_createDefaultParam();
            RKLLMParam param = arena.struct(RKLLMParam::new, PARAM_SIZE);
            param.getPointer().write(0, defaults.getPointer().getByteArray(0, PARAM_SIZE), 0, PARAM_SIZE);
            param.read();
            param.model_path = arena.utf8(p.model().toAbsolutePath().toString());
            param.max_context_len = p.maxContextLen();
            param.max_new_tokens = p.maxNewTokens();
            param.top_k = p.topK();
            param.top_p = p.topP();
            param.temperature = p.temperature();
            param.repeat_penalty = p.repeatPenalty();
            param.skip_special_token = 1;
            param.is_async = 0;
            param.extend_param.base_domain_id = p.baseDomainId();
            param.extend_param.enabled_cpus_mask = p.enabledCpusMask();
            param.extend_param.enabled_cpus_num = (byte) Integer.bitCount(p.enabledCpusMask());
            param.extend_param.n_batch = 1;
            param.write();
            frequencyPenalty = param.frequency_penalty;
            presencePenalty = param.presence_penalty;
            mirostat = param.mirostat;
            mirostatTau = param.mirostat_tau;
            mirostatEta = param.mirostat_eta;

            callbackStruct.result_callback = callback;
            callbackStruct.write();

            PointerByReference ref = new PointerByReference();
            int ret = lib.rkllm_init(ref, param, callbackStruct);
            if (ret != 0 || ref.getValue() == null) {
                throw new NativeCallException("rkllm_init", ret, null);
            }
            return ref.getValue();
        }

        @Override
        public int run(Pointer h, String prompt, Image image, boolean prefillOnly, boolean keepHistory,
                       int maxNewTokens, Sampling sampling, NativeArena arena) {
            RKLLMInput in = arena.struct(RKLLMInput::new, INPUT_SIZE);
            in.role = arena.utf8("user");
            in.enable_thinking = 0;
            if (image != null) {
                in.input_type = RKLLMInputType.RKLLM_INPUT_MULTIMODAL;
                in.input.setType("multimodal_input");
                RKLLMMultiModalInput mm = in.input.multimodal_input;
                mm.prompt = arena.utf8(prompt);
                RKLLMImageInput img = mm.image;
                img.image_embed = arena.floats(image.embedding());
                img.n_image_tokens = image.tokens();
                img.n_image = 1;
                img.image_start = arena.utf8(image.start());
                img.image_end = arena.utf8(image.end());
                img.image_content = arena.utf8(image.content());
                img.image_width = image.width();
                img.image_height = image.height();
            } else {
                in.input_type = RKLLMInputType.RKLLM_INPUT_PROMPT;
                in.input.setType("prompt_input");
                in.input.prompt_input = arena.utf8(prompt);
            }
            in.write();

            RKLLMInferParam infer = arena.struct(RKLLMInferParam::new, INFER_SIZE);
            infer.mode = prefillOnly ? RKLLMInferMode.RKLLM_INFER_GET_LAST_HIDDEN_LAYER
                    : RKLLMInferMode.RKLLM_INFER_GENERATE;
            infer.keep_history = keepHistory ? 1 : 0;
            infer.max_new_tokens = maxNewTokens;
            if (sampling != null) {
                RKLLMSamplingParam sp = arena.struct(RKLLMSamplingParam::new, SAMPLING_SIZE);
                sp.top_k = sampling.topK();
                sp.top_p = sampling.topP();
                sp.temperature = sampling.temperature();
                sp.repeat_penalty = sampling.repeatPenalty();
                sp.frequency_penalty = frequencyPenalty;
                sp.presence_penalty = presencePenalty;
                sp.mirostat = mirostat;
                sp.mirostat_tau = mirostatTau;
                sp.mirostat_eta = mirostatEta;
                sp.write();
                infer.sampling_params = sp.getPointer();
            }
            infer.write();
            return lib.rkllm_run(h, in, infer, null);
        }

        @Override
        public boolean running(int isRunningReturn) {
            return isRunningReturn == 1; // 1.3.x: "1 if a task is running"
        }

        @Override
        public boolean perRunLimits() {
            return true;
        }
    }

    /** Runtime 1.2.x: the callback function at init, the image tags in RKLLMParam, nothing per run but keep_history. */
    private static final class Abi12 implements Abi {
        private static final int PARAM_SIZE = new dev.benchmate.bindings.rkllm.v12.RKLLMParam().size();
        private static final int INPUT_SIZE = new dev.benchmate.bindings.rkllm.v12.RKLLMInput().size();
        private static final int INFER_SIZE = new dev.benchmate.bindings.rkllm.v12.RKLLMInferParam().size();
        private final dev.benchmate.bindings.rkllm.v12.Rkllm12Library lib;

        Abi12(dev.benchmate.bindings.rkllm.v12.Rkllm12Library lib) {
            this.lib = lib;
        }

        @Override
        public String name() {
            return "1.2.x";
        }

        @Override
        public RkllmFunctions functions() {
            return lib;
        }

        @Override
        public Pointer init(Params p, NativeArena arena, LLMResultCallback callback) {
            var defaults = lib.rkllm_createDefaultParam();
            var param = arena.struct(dev.benchmate.bindings.rkllm.v12.RKLLMParam::new, PARAM_SIZE);
            param.getPointer().write(0, defaults.getPointer().getByteArray(0, PARAM_SIZE), 0, PARAM_SIZE);
            param.read();
            param.model_path = arena.utf8(p.model().toAbsolutePath().toString());
            param.max_context_len = p.maxContextLen();
            param.max_new_tokens = p.maxNewTokens();
            param.top_k = p.topK();
            param.top_p = p.topP();
            param.temperature = p.temperature();
            param.repeat_penalty = p.repeatPenalty();
            param.skip_special_token = 1;
            param.is_async = 0;
            // 1.2.x: the tags around a picture are the model's, given once here.
            param.img_start = p.imageStart() == null ? null : arena.utf8(p.imageStart());
            param.img_end = p.imageEnd() == null ? null : arena.utf8(p.imageEnd());
            param.img_content = p.imageContent() == null ? null : arena.utf8(p.imageContent());
            param.extend_param.base_domain_id = p.baseDomainId();
            param.extend_param.enabled_cpus_mask = p.enabledCpusMask();
            param.extend_param.enabled_cpus_num = (byte) Integer.bitCount(p.enabledCpusMask());
            param.extend_param.n_batch = 1;
            param.write();

            PointerByReference ref = new PointerByReference();
            int ret = lib.rkllm_init(ref, param, callback); // 1.2.x: the function itself
            if (ret != 0 || ref.getValue() == null) {
                throw new NativeCallException("rkllm_init", ret, null);
            }
            return ref.getValue();
        }

        @Override
        public int run(Pointer h, String prompt, Image image, boolean prefillOnly, boolean keepHistory,
                       int maxNewTokens, Sampling sampling, NativeArena arena) {
            var in = arena.struct(dev.benchmate.bindings.rkllm.v12.RKLLMInput::new, INPUT_SIZE);
            in.role = arena.utf8("user");
            in.enable_thinking = 0;
            if (image != null) {
                in.input_type = RKLLMInputType.RKLLM_INPUT_MULTIMODAL;
                in.input.setType("multimodal_input");
                var mm = in.input.multimodal_input;
                mm.prompt = arena.utf8(prompt);
                mm.image_embed = arena.floats(image.embedding());
                mm.n_image_tokens = image.tokens();
                mm.n_image = 1;
                mm.image_width = image.width();
                mm.image_height = image.height();
            } else {
                in.input_type = RKLLMInputType.RKLLM_INPUT_PROMPT;
                in.input.setType("prompt_input");
                in.input.prompt_input = arena.utf8(prompt);
            }
            in.write();

            var infer = arena.struct(dev.benchmate.bindings.rkllm.v12.RKLLMInferParam::new, INFER_SIZE);
            infer.mode = prefillOnly ? RKLLMInferMode.RKLLM_INFER_GET_LAST_HIDDEN_LAYER
                    : RKLLMInferMode.RKLLM_INFER_GENERATE;
            infer.keep_history = keepHistory ? 1 : 0;
            infer.write();
            return lib.rkllm_run(h, in, infer, null);
        }

        @Override
        public boolean running(int isRunningReturn) {
            return isRunningReturn == 0; // 1.2.x: "0 if a task is running"
        }

        @Override
        public boolean perRunLimits() {
            return false;
        }
    }
}
