package dev.benchmate.thinking;

import static dev.benchmate.bindings.rkllm.LLMCallState.RKLLM_RUN_ERROR;
import static dev.benchmate.bindings.rkllm.LLMCallState.RKLLM_RUN_FINISH;
import static dev.benchmate.bindings.rkllm.LLMCallState.RKLLM_RUN_NORMAL;
import static dev.benchmate.bindings.rkllm.LLMCallState.RKLLM_RUN_WAITING;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.benchmate.bindings.NativeArena;
import dev.benchmate.bindings.rkllm.LLMResultCallback;
import dev.benchmate.bindings.rkllm.RKLLMCallback;
import dev.benchmate.bindings.rkllm.RKLLMImageInput;
import dev.benchmate.bindings.rkllm.RKLLMInferMode;
import dev.benchmate.bindings.rkllm.RKLLMInferParam;
import dev.benchmate.bindings.rkllm.RKLLMInput;
import dev.benchmate.bindings.rkllm.RKLLMInputType;
import dev.benchmate.bindings.rkllm.RKLLMMultiModalInput;
import dev.benchmate.bindings.rkllm.RKLLMParam;
import dev.benchmate.bindings.rkllm.RKLLMResult;
import dev.benchmate.bindings.rkllm.RkllmLibrary;
import dev.benchmate.core.ModelFileMissingException;
import dev.benchmate.looking.ImageEmbedding;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The language model on the NPU through librkllmrt.so (RKLLM runtime 1.3.x). It owns the handle
 * from {@code rkllm_init} to {@code rkllm_destroy}, the result callback for the same span, and the
 * native memory of each run for the span of that run.
 */
public final class RkllmLanguageModel implements LanguageModel {
    private static final int PARAM_SIZE = new RKLLMParam().size();
    private static final int INPUT_SIZE = new RKLLMInput().size();
    private static final int INFER_SIZE = new RKLLMInferParam().size();

    private final RkllmLibrary rkllm;
    private final LanguageModelSettings settings;
    /** Held for the handle's lifetime: the runtime calls it through a C pointer JNA made from it. */
    private final LLMResultCallback resultCallback = this::onResult;
    private final RKLLMCallback callbackStruct;
    /** Owns model_path and the callback struct, which the runtime may keep pointers to. */
    private final NativeArena lifetimeArena = new NativeArena();
    private final ReentrantLock runLock = new ReentrantLock();
    private NativeArena templateArena;
    private volatile Pointer handle;
    private volatile ActiveRun active;

    private RkllmLanguageModel(RkllmLibrary rkllm, LanguageModelSettings settings) {
        this.rkllm = rkllm;
        this.settings = settings;
        this.callbackStruct = new RKLLMCallback();
    }

    /** Loads the model. Throws {@link ModelFileMissingException} or {@link LanguageModelException}. */
    public static RkllmLanguageModel open(RkllmLibrary rkllm, LanguageModelSettings settings) {
        ModelFileMissingException.require("language model", settings.model(), "benchmate.llm.model");
        RkllmLanguageModel model = new RkllmLanguageModel(rkllm, settings);
        try {
            model.init();
        } catch (RuntimeException e) {
            model.lifetimeArena.close();
            throw e;
        }
        return model;
    }

    private void init() {
        // Start from the runtime's defaults so fields this code does not know keep sane values.
        RKLLMParam.ByValue defaults = rkllm.rkllm_createDefaultParam();
        RKLLMParam param = lifetimeArena.struct(RKLLMParam::new, PARAM_SIZE);
        param.getPointer().write(0, defaults.getPointer().getByteArray(0, PARAM_SIZE), 0, PARAM_SIZE);
        param.read();
        param.model_path = lifetimeArena.utf8(settings.model().toAbsolutePath().toString());
        param.max_context_len = settings.maxContextLen();
        param.max_new_tokens = settings.maxNewTokens();
        param.top_k = settings.topK();
        param.top_p = settings.topP();
        param.temperature = settings.temperature();
        param.repeat_penalty = settings.repeatPenalty();
        param.skip_special_token = 1;
        param.is_async = 0;
        param.extend_param.base_domain_id = settings.platform().baseDomainId();
        param.extend_param.enabled_cpus_mask = settings.enabledCpusMask();
        param.extend_param.enabled_cpus_num = (byte) Integer.bitCount(settings.enabledCpusMask());
        param.extend_param.n_batch = 1;
        param.write();

        callbackStruct.result_callback = resultCallback;
        callbackStruct.write();

        PointerByReference ref = new PointerByReference();
        int ret = rkllm.rkllm_init(ref, param, callbackStruct);
        if (ret != 0 || ref.getValue() == null) {
            throw new LanguageModelException("cannot load language model " + settings.model() + ": rkllm_init returned "
                    + ret + " (is it an .rkllm file converted for " + settings.platform().name().toLowerCase() + "?)");
        }
        handle = ref.getValue();
    }

    @Override
    public LanguageModelSettings settings() {
        return settings;
    }

    @Override
    public void setChatTemplate(ChatTemplate template) {
        runLock.lock();
        try {
            NativeArena arena = new NativeArena();
            int ret = rkllm.rkllm_set_chat_template(requireHandle(), arena.utf8(template.systemPrompt()),
                    arena.utf8(template.prefix()), arena.utf8(template.postfix()));
            if (ret != 0) {
                arena.close();
                throw new LanguageModelException("rkllm_set_chat_template returned " + ret);
            }
            // Keep the strings for as long as they are the template, in case the runtime keeps the pointers.
            if (templateArena != null) {
                templateArena.close();
            }
            templateArena = arena;
        } finally {
            runLock.unlock();
        }
    }

    @Override
    public RunOutcome run(ModelInput input, boolean keepHistory, TokenListener listener) {
        runLock.lock();
        try (NativeArena arena = new NativeArena()) {
            Pointer h = requireHandle();
            RKLLMInput in = arena.struct(RKLLMInput::new, INPUT_SIZE);
            in.role = arena.utf8("user");
            in.enable_thinking = 0;
            if (input.hasPicture()) {
                in.input_type = RKLLMInputType.RKLLM_INPUT_MULTIMODAL;
                in.input.setType("multimodal_input");
                fillMultimodal(in.input.multimodal_input, input, arena);
            } else {
                in.input_type = RKLLMInputType.RKLLM_INPUT_PROMPT;
                in.input.setType("prompt_input");
                in.input.prompt_input = arena.utf8(input.text());
            }
            in.write();

            RKLLMInferParam infer = arena.struct(RKLLMInferParam::new, INFER_SIZE);
            infer.mode = RKLLMInferMode.RKLLM_INFER_GENERATE;
            infer.keep_history = keepHistory ? 1 : 0;
            infer.max_new_tokens = settings.maxNewTokens();
            infer.write();

            ActiveRun run = new ActiveRun(listener);
            active = run;
            int ret;
            try {
                ret = rkllm.rkllm_run(h, in, infer, null);
            } finally {
                active = null;
            }
            String tail = run.assembler.flush();
            if (!tail.isEmpty()) {
                run.deliver(tail);
            }
            if (run.listenerFailure != null) {
                throw new LanguageModelException("the answer's listener failed: " + run.listenerFailure,
                        run.listenerFailure);
            }
            if (ret != 0 || run.error) {
                throw new LanguageModelException("the model runtime reported an error for this question (rkllm_run "
                        + "returned " + ret + (run.error ? ", state RKLLM_RUN_ERROR" : "") + ")");
            }
            return new RunOutcome(run.text.toString(), run.stats, run.aborted);
        } finally {
            runLock.unlock();
        }
    }

    private void fillMultimodal(RKLLMMultiModalInput mm, ModelInput input, NativeArena arena) {
        ImageEmbedding picture = input.picture();
        ImageTags tags = settings.imageTags();
        mm.prompt = arena.utf8(input.text());
        RKLLMImageInput image = mm.image;
        image.image_embed = arena.floats(picture.values());
        image.n_image_tokens = picture.tokens();
        image.n_image = 1;
        image.image_start = arena.utf8(tags.start());
        image.image_end = arena.utf8(tags.end());
        image.image_content = arena.utf8(tags.content());
        image.image_width = picture.width();
        image.image_height = picture.height();
    }

    /** Called by the runtime on its thread during rkllm_run; must never throw into native code. */
    private int onResult(Pointer result, Pointer userdata, int state) {
        ActiveRun run = active;
        if (run == null) {
            return LLMResultCallback.CONTINUE;
        }
        try {
            if (state == RKLLM_RUN_NORMAL || state == RKLLM_RUN_WAITING) {
                Pointer text = result == null ? null : result.getPointer(0);
                if (text != null) {
                    long len = text.indexOf(0, (byte) 0);
                    String complete = run.assembler.accept(text.getByteArray(0, (int) len));
                    if (!complete.isEmpty()) {
                        run.deliver(complete);
                    }
                }
            } else if (state == RKLLM_RUN_FINISH) {
                if (result != null) {
                    RKLLMResult r = new RKLLMResult(result);
                    r.read();
                    run.stats = new RunStats(r.perf.prefill_tokens, r.perf.prefill_time_ms, r.perf.generate_tokens,
                            r.perf.generate_time_ms, r.perf.memory_usage_mb);
                }
            } else if (state == RKLLM_RUN_ERROR) {
                run.error = true;
            }
        } catch (Throwable t) {
            run.listenerFailure = t;
            rkllm.rkllm_abort(handle);
        }
        return LLMResultCallback.CONTINUE;
    }

    @Override
    public void abort() {
        Pointer h = handle;
        ActiveRun run = active;
        if (h != null && run != null) {
            run.aborted = true;
            rkllm.rkllm_abort(h);
        }
    }

    @Override
    public boolean isRunning() {
        Pointer h = handle;
        return h != null && rkllm.rkllm_is_running(h) == 1;
    }

    @Override
    public void clearHistory(boolean keepSystemPrompt) {
        runLock.lock();
        try {
            int ret = rkllm.rkllm_clear_kv_cache(requireHandle(), keepSystemPrompt ? 1 : 0, null, null);
            if (ret != 0) {
                throw new LanguageModelException("rkllm_clear_kv_cache returned " + ret);
            }
        } finally {
            runLock.unlock();
        }
    }

    @Override
    public int kvCacheSize() {
        int[] sizes = new int[1];
        int ret = rkllm.rkllm_get_kv_cache_size(requireHandle(), sizes);
        if (ret != 0) {
            throw new LanguageModelException("rkllm_get_kv_cache_size returned " + ret);
        }
        return sizes[0];
    }

    /** The runtime handle, for tests that read the simulator's counters. */
    Pointer handle() {
        return handle;
    }

    private Pointer requireHandle() {
        Pointer h = handle;
        if (h == null) {
            throw new LanguageModelException("language model already closed");
        }
        return h;
    }

    /**
     * Aborts a run in progress, waits for it (bounded), then destroys the handle. Safe to call
     * more than once and from a shutdown hook.
     */
    @Override
    public void close() {
        abort();
        boolean locked = false;
        try {
            locked = runLock.tryLock(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Pointer h = handle;
            if (h != null && locked) {
                handle = null;
                rkllm.rkllm_destroy(h);
                lifetimeArena.close();
                if (templateArena != null) {
                    templateArena.close();
                }
            }
        } finally {
            if (locked) {
                runLock.unlock();
            }
        }
    }

    /** The state of the run in progress, touched by the callback. */
    private static final class ActiveRun {
        final TokenListener listener;
        final Utf8Assembler assembler = new Utf8Assembler();
        final StringBuilder text = new StringBuilder();
        volatile boolean aborted;
        boolean error;
        Throwable listenerFailure;
        RunStats stats = RunStats.NONE;

        ActiveRun(TokenListener listener) {
            this.listener = listener;
        }

        void deliver(String piece) {
            text.append(piece);
            listener.onText(piece);
        }
    }
}
