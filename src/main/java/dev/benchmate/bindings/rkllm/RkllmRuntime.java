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
 * One loaded RKLLM model (runtime 1.3.x ABI) in Java terms: no JNA type crosses this class's
 * public surface. It owns the handle from {@code rkllm_init} to {@code rkllm_destroy}, holds the
 * result callback strongly for that whole span (the runtime calls it through a C pointer JNA made
 * from it), owns the native memory of each run for the span of that run, and lets one run at a
 * time reach the NPU.
 */
public final class RkllmRuntime implements AutoCloseable {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(RkllmRuntime.class);
    private static final int PARAM_SIZE = new RKLLMParam().size();
    private static final int INPUT_SIZE = new RKLLMInput().size();
    private static final int INFER_SIZE = new RKLLMInferParam().size();
    private static final int SAMPLING_SIZE = new RKLLMSamplingParam().size();

    /** What rkllm_init is given. */
    public record Params(Path model, int maxContextLen, int maxNewTokens, int topK, float topP, float temperature,
                         float repeatPenalty, int baseDomainId, int enabledCpusMask) {
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

    private final RkllmLibrary rkllm;
    /** Held for the handle's lifetime. */
    private final LLMResultCallback resultCallback = this::onResult;
    private final RKLLMCallback callbackStruct = new RKLLMCallback();
    /** Owns model_path and the callback struct, which the runtime may keep pointers to. */
    private final NativeArena lifetimeArena = new NativeArena();
    private final ReentrantLock runLock = new ReentrantLock();
    /** Calls that do not wait for a run (abort, is_running, the KV size) hold it shared; destroy holds it alone. */
    private final ReentrantReadWriteLock handleLock = new ReentrantReadWriteLock();
    private NativeArena templateArena;
    /** The sampling fields of RKLLMParam the model was loaded with that a run's Sampling does not name. */
    private volatile LoadedSampling loaded = new LoadedSampling(0, 0, 0, 5.0f, 0.1f);

    private record LoadedSampling(float frequencyPenalty, float presencePenalty, int mirostat, float mirostatTau,
                                  float mirostatEta) {
    }
    private volatile Pointer handle;
    private volatile ActiveRun active;
    /** close() has begun: no new run starts, and a run it could not wait for destroys the handle itself. */
    private volatile boolean closing;

    private RkllmRuntime(RkllmLibrary rkllm) {
        this.rkllm = rkllm;
    }

    /**
     * Loads librkllmrt.so and a model.
     *
     * @param library the library file or its folder; empty to search the system paths
     * @param setting the configuration key that names the library, quoted when it is missing
     * @throws dev.benchmate.bindings.NativeLibraryMissingException when the library cannot be loaded
     * @throws NativeCallException when rkllm_init fails
     */
    public static RkllmRuntime init(Optional<Path> library, String setting, Params p) {
        return init(NativeLibraries.load(library, "rkllmrt", RkllmLibrary.class, setting), p);
    }

    /** Loads a model with a library already loaded. */
    public static RkllmRuntime init(RkllmLibrary rkllm, Params p) {
        RkllmRuntime runtime = new RkllmRuntime(rkllm);
        try {
            runtime.load(p);
        } catch (RuntimeException e) {
            runtime.lifetimeArena.close();
            throw e;
        }
        return runtime;
    }

    private void load(Params p) {
        // Start from the runtime's defaults so fields this code does not know keep sane values.
        RKLLMParam.ByValue defaults = rkllm.rkllm_createDefaultParam();
        RKLLMParam param = lifetimeArena.struct(RKLLMParam::new, PARAM_SIZE);
        param.getPointer().write(0, defaults.getPointer().getByteArray(0, PARAM_SIZE), 0, PARAM_SIZE);
        param.read();
        param.model_path = lifetimeArena.utf8(p.model().toAbsolutePath().toString());
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
        loaded = new LoadedSampling(param.frequency_penalty, param.presence_penalty, param.mirostat,
                param.mirostat_tau, param.mirostat_eta);

        callbackStruct.result_callback = resultCallback;
        callbackStruct.write();

        PointerByReference ref = new PointerByReference();
        int ret = rkllm.rkllm_init(ref, param, callbackStruct);
        if (ret != 0 || ref.getValue() == null) {
            throw new NativeCallException("rkllm_init", ret, null);
        }
        handle = ref.getValue();
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
        runLock.lock();
        try (NativeArena arena = new NativeArena()) {
            if (closing) {
                throw new IllegalStateException("language model already closed");
            }
            Pointer h = requireHandle();
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
            infer.mode = RKLLMInferMode.RKLLM_INFER_GENERATE;
            infer.keep_history = keepHistory ? 1 : 0;
            infer.max_new_tokens = maxNewTokens;
            if (sampling != null) {
                RKLLMSamplingParam sp = arena.struct(RKLLMSamplingParam::new, SAMPLING_SIZE);
                sp.top_k = sampling.topK();
                sp.top_p = sampling.topP();
                sp.temperature = sampling.temperature();
                sp.repeat_penalty = sampling.repeatPenalty();
                sp.frequency_penalty = loaded.frequencyPenalty();
                sp.presence_penalty = loaded.presencePenalty();
                sp.mirostat = loaded.mirostat();
                sp.mirostat_tau = loaded.mirostatTau();
                sp.mirostat_eta = loaded.mirostatEta();
                sp.write();
                infer.sampling_params = sp.getPointer();
            }
            infer.write();

            ActiveRun run = new ActiveRun(results);
            active = run;
            int ret;
            try {
                ret = rkllm.rkllm_run(h, in, infer, null);
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
        if (run == null || run.handlerFailure != null) {
            return LLMResultCallback.CONTINUE;
        }
        try {
            if (state == RKLLM_RUN_NORMAL || state == RKLLM_RUN_WAITING) {
                Pointer text = result == null ? null : result.getPointer(0);
                if (text != null) {
                    long len = text.indexOf(0, (byte) 0);
                    run.results.text(text.getByteArray(0, (int) len));
                }
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
            run.handlerFailure = t;
            Pointer h = handle;
            if (h != null) {
                rkllm.rkllm_abort(h);
            }
        }
        return LLMResultCallback.CONTINUE;
    }

    /** rkllm_abort when a run is in progress; from any thread, without waiting for the run's lock. */
    public void abort() {
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
            return h != null && rkllm.rkllm_is_running(h) == 1;
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
        volatile Throwable handlerFailure;

        ActiveRun(Results results) {
            this.results = results;
        }
    }
}
