/*
 * Simulated librkllmrt.so (the RKLLM 1.3.x runtime's C ABI). Not a language model: it keeps the
 * KV cache as a list of entries (system prompt, user turns, answers) counted with a simple token
 * rule, does the runtime's bookkeeping (keep_history, chat template, clear, the context window
 * that silently forgets, max_new_tokens, abort, pause) and answers
 *
 *     "Simulated answer to turn N."  [+ " The picture is COLOR."]
 *     "模拟回答，第N轮。"              [+ "图片是COLOR_ZH。"]         (a question with CJK characters)
 *
 * where N counts the chat turns in the kept history (from the model's turn marker, so turns a
 * caller writes back itself in one run count one by one) and COLOR names the mean colour of the most
 * recent picture in it, read from the image embedding the caller sent (the simulated encoder puts
 * each patch's mean R, G, B in the first three floats of its token). So a test sees what the
 * model received and what it still remembers.
 *
 * Token rule (also in README.md): a special tag "<|...|>" is one token; a maximal run of ASCII
 * letters and digits is one token; every other code point that is not Unicode White_Space is a
 * token of its own; whitespace is never a token.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#ifdef BM_RKLLM_ABI_12
/*
 * The 1.2.x build (native/build.sh builds this file twice): the exported functions take the
 * 1.2.x structs. The few 1.3.x types the simulator keeps internally are defined here, with names
 * of their own so they cannot be mistaken for the runtime's.
 */
#include "bm_rkllm12.h"
typedef struct {
    int32_t top_k;
    float top_p;
    float temperature;
    float repeat_penalty;
    float frequency_penalty;
    float presence_penalty;
    int32_t mirostat;
    float mirostat_tau;
    float mirostat_eta;
} RKLLMSamplingParam; /* the same layout as 1.3.x's, for the probe */
typedef struct {
    LLMResultCallback result_callback;
    void *result_userdata;
} sim_callback;
/* 1.2.x: a flat multimodal input; no per-run sampling or max_new_tokens. */
#define MM_IMAGE(mm) (mm)
typedef RKLLMMultiModalInput sim_image_input;
#define RUN_SAMPLING(infer) ((const RKLLMSamplingParam *)NULL)
#define RUN_MAX_NEW_TOKENS(infer) 0
/* The version text a real runtime carries in its file, so that Benchmate's rkllm-api=auto can
 * read it from this library too; the simulator is a test instrument and says so. */
__attribute__((used)) static const char VERSION_TEXT[] =
    "rkllm-runtime version: 1.2.3 (benchmate-sim: SIMULATED runtime, 1.2.x ABI, not a real NPU)";
#else
#include "bm_rkllm.h"
typedef RKLLMCallback sim_callback;
#define MM_IMAGE(mm) (&(mm)->image)
typedef RKLLMImageInput sim_image_input;
#define RUN_SAMPLING(infer) ((const RKLLMSamplingParam *)(infer)->sampling_params)
#define RUN_MAX_NEW_TOKENS(infer) ((infer)->max_new_tokens)
__attribute__((used)) static const char VERSION_TEXT[] =
    "rkllm-runtime version: 1.3.0 (benchmate-sim: SIMULATED runtime, 1.3.x ABI, not a real NPU)";
#endif
#include "sim_common.h"

#define VOCAB_SIZE 151936 /* Qwen2's vocabulary size, so token ids look plausible */
#define IMAGE_MARKER "<image>"
#define MAX_IMAGES 1024   /* keeps n_image * tokens far from int overflow */
#define FAIL_AFTER_TOKENS 3 /* a run BENCHMATE_SIM_FAIL_TURNS names fails after this many tokens */

typedef enum { KV_SYSTEM, KV_USER, KV_ASSISTANT } kv_kind;

typedef struct {
    kv_kind kind;
    int tokens;
    int has_picture; /* USER only: the turn carried a picture, whose colour is rgb */
    float rgb[3];
    int turns; /* USER only: the chat turns it holds (turn markers in it; at least 1) */
} kv_entry;

typedef struct {
    /* Guards everything below that is not atomic. A run holds it from start to end, except for
     * its final callback (FINISH or ERROR), which comes after the handle is settled. */
    pthread_mutex_t lock;
    /* Usable without the lock: from any thread, and from inside the callback. */
    atomic_int running;
    atomic_int abort_requested;
    atomic_int destroying; /* rkllm_destroy has begun: even a hung run ends */
    atomic_int kv_tokens; /* mirrors of the cache, for readers without the lock */
    atomic_int user_turns;
    atomic_int picture_entries; /* USER entries with a picture in the cache */
    atomic_int last_image_count;
    atomic_int forgotten;
    atomic_int aborts_in_callback; /* rkllm_abort called from inside this handle's own callback */

    /* From the model file. */
    int image_tokens, embed_size, image_width, image_height;
    /* The chat template: from the model file until rkllm_set_chat_template. */
    char *system_prompt, *prompt_prefix, *prompt_postfix;
    /* From the model file: what begins a user turn in its chat format ("" counts each run as one). */
    char *turn_marker;
    /* From rkllm_init. The sampling parameters are only kept: nothing is sampled. */
    int max_context_len, max_new_tokens;
    RKLLMSamplingParam sampling;
    sim_callback callback;
#ifdef BM_RKLLM_ABI_12
    /* 1.2.x: the image tags come with RKLLMParam at init (copies). */
    char *img_start, *img_end, *img_content;
#endif

    /* What the last generating run was told (for the probes): its sampling (the run's own
     * sampling_params, or init's when it passed none), whether they were its own, and its
     * max_new_tokens limit. Guarded by probe_lock, not lock, so a probe works from any thread,
     * even inside the callback while a run holds lock. */
    pthread_mutex_t probe_lock;
    int runs_seen;
    int last_own_sampling;
    RKLLMSamplingParam last_sampling;
    int last_max_new_tokens;

    /* The KV cache. A SYSTEM entry, when there is one, is always entries[0]. */
    kv_entry *entries;
    int n_entries, cap_entries;
} sim_llm;

static atomic_int live_handles;
/* Runs that passed their checks and began generating, in this process, over all handles: the
 * numbering BENCHMATE_SIM_FAIL_TURNS and BENCHMATE_SIM_STALL_TURNS refer to. */
static atomic_int generating_runs;

/* The handle whose rkllm_run this thread is inside (so a callback is on the stack), or NULL. */
static _Thread_local sim_llm *thread_run;

/* ---- UTF-8 and the token rule ------------------------------------------------------------ */

/* Decodes one code point at s (len bytes left) and returns its length. A malformed byte is a
 * one-byte "code point" of its own, so broken text still tokenises, never reading past len. */
static size_t utf8_next(const char *s, size_t len, uint32_t *cp) {
    const unsigned char *u = (const unsigned char *)s;
    size_t n = u[0] < 0x80 ? 1 : (u[0] & 0xE0) == 0xC0 ? 2 : (u[0] & 0xF0) == 0xE0 ? 3 : (u[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || n > len) {
        *cp = u[0];
        return 1;
    }
    uint32_t c = n == 1 ? u[0] : (uint32_t)(u[0] & (0x7F >> n));
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = u[0];
            return 1;
        }
        c = (c << 6) | (u[i] & 0x3F);
    }
    *cp = c;
    return n;
}

/* Unicode White_Space: ASCII whitespace plus the no-break, typographic and ideographic spaces. */
static int is_space(uint32_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
           || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
           || c == 0x3000;
}

static int is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/*
 * The next token at or after pos: returns its end and sets *start to its first byte, or returns
 * 0 when only whitespace is left. The bytes from pos to the end are the token with its leading
 * whitespace, which is what a streamed piece looks like (" answer").
 */
static size_t next_token(const char *s, size_t len, size_t pos, size_t *start) {
    uint32_t cp;
    while (pos < len) {
        size_t n = utf8_next(s + pos, len - pos, &cp);
        if (!is_space(cp)) break;
        pos += n;
    }
    *start = pos;
    if (pos >= len) return 0;
    if (len - pos >= 2 && s[pos] == '<' && s[pos + 1] == '|') {
        for (size_t i = pos + 2; i + 1 < len; i++) {
            if (s[i] == '|' && s[i + 1] == '>') return i + 2;
        }
        /* No closing "|>": not a tag, so "<" is a token of its own (below). */
    }
    if (is_ascii_alnum(s[pos])) {
        size_t end = pos;
        while (end < len && is_ascii_alnum(s[end])) end++;
        return end;
    }
    return pos + utf8_next(s + pos, len - pos, &cp);
}

/* The tokens of a text. With skip_marker, each "<image>" counts as none: the runtime puts the
 * picture there, and the picture is counted on its own. */
static long count_tokens(const char *text, int skip_marker) {
    if (!text) return 0;
    size_t len = strlen(text), pos = 0, start, end;
    size_t marker_len = strlen(IMAGE_MARKER);
    long n = 0;
    while ((end = next_token(text, len, pos, &start)) > 0) {
        if (skip_marker && len - start >= marker_len && memcmp(text + start, IMAGE_MARKER, marker_len) == 0) {
            pos = start + marker_len;
            continue;
        }
        n++;
        pos = end;
    }
    return n;
}

/* Occurrences of the model's turn marker in a text. */
static int count_markers(const sim_llm *llm, const char *text) {
    size_t m = strlen(llm->turn_marker);
    if (m == 0 || !text) return 0;
    int n = 0;
    for (const char *p = strstr(text, llm->turn_marker); p; p = strstr(p + m, llm->turn_marker)) n++;
    return n;
}

/* The chat turns a USER entry holds: the turn markers in its prefix, prompt and postfix (a run
 * without one goes on with the turn before it, as the second half of a turn split in two runs
 * does); with a model that has no turn marker, each run is one turn. */
static int count_turns(const sim_llm *llm, const char *prompt) {
    if (llm->turn_marker[0] == '\0') return 1;
    return count_markers(llm, llm->prompt_prefix) + count_markers(llm, prompt) + count_markers(llm, llm->prompt_postfix);
}

static int has_cjk(const char *text) {
    size_t len = strlen(text);
    for (size_t pos = 0; pos < len;) {
        uint32_t cp;
        pos += utf8_next(text + pos, len - pos, &cp);
        if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)) return 1;
    }
    return 0;
}

/* A deterministic, plausible token id: FNV-1a of the piece's bytes. */
static int32_t token_id(const char *piece, size_t len) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)piece[i]) * 16777619u;
    return (int32_t)(h % VOCAB_SIZE);
}

/* ---- colours ----------------------------------------------------------------------------- */

static const struct {
    const char *en, *zh;
    float r, g, b;
} COLOURS[] = {
    {"red", "红色", 200, 30, 30},     {"green", "绿色", 30, 170, 30},  {"blue", "蓝色", 30, 30, 200},
    {"yellow", "黄色", 220, 220, 30}, {"cyan", "青色", 30, 200, 200},  {"magenta", "品红色", 200, 30, 200},
    {"white", "白色", 240, 240, 240}, {"black", "黑色", 15, 15, 15},   {"gray", "灰色", 128, 128, 128},
};

static int nearest_colour(const float rgb[3]) {
    int best = 0;
    double best_d = -1;
    for (int i = 0; i < (int)(sizeof(COLOURS) / sizeof(COLOURS[0])); i++) {
        double dr = rgb[0] - COLOURS[i].r, dg = rgb[1] - COLOURS[i].g, db = rgb[2] - COLOURS[i].b;
        double d = dr * dr + dg * dg + db * db;
        if (best_d < 0 || d < best_d) {
            best_d = d;
            best = i;
        }
    }
    return best;
}

/*
 * The colour of image 0: the mean of its tokens' first three floats (each patch's mean R, G, B),
 * leaving out padding, the mid-gray (127.5, rounded either way) a letterboxed picture is filled
 * with. A picture that is all padding is gray.
 */
static void picture_colour(const float *embed, int tokens, int stride, float out[3]) {
    double sum[3] = {0, 0, 0}, all[3] = {0, 0, 0};
    int n = 0;
    for (int t = 0; t < tokens; t++) {
        const float *v = embed + (size_t)t * (size_t)stride;
        int padding = 1;
        for (int k = 0; k < 3; k++) {
            all[k] += v[k];
            if (!(v[k] >= 126.5f && v[k] <= 129.0f)) padding = 0;
        }
        if (!padding) {
            for (int k = 0; k < 3; k++) sum[k] += v[k];
            n++;
        }
    }
    for (int k = 0; k < 3; k++) out[k] = (float)(n > 0 ? sum[k] / n : all[k] / tokens);
}

/* ---- the KV cache (with the lock held) --------------------------------------------------- */

static int has_system(const sim_llm *llm) { return llm->n_entries > 0 && llm->entries[0].kind == KV_SYSTEM; }

/* Tokens of the SYSTEM entry plus the entries from index `from` on. */
static long kv_size(const sim_llm *llm, int from) {
    long n = 0;
    for (int i = 0; i < llm->n_entries; i++) {
        if (i >= from || llm->entries[i].kind == KV_SYSTEM) n += llm->entries[i].tokens;
    }
    return n;
}

/* Refreshes the lock-free mirrors after a change of the cache. */
static void publish(sim_llm *llm) {
    int users = 0;
    int pictures = 0;
    for (int i = 0; i < llm->n_entries; i++) {
        users += llm->entries[i].kind == KV_USER ? llm->entries[i].turns : 0;
        pictures += llm->entries[i].kind == KV_USER && llm->entries[i].has_picture;
    }
    atomic_store(&llm->picture_entries, pictures);
    long kv = kv_size(llm, 0);
    atomic_store(&llm->kv_tokens, kv > INT_MAX ? INT_MAX : (int)kv);
    atomic_store(&llm->user_turns, users);
}

static int insert_entry(sim_llm *llm, int at, kv_entry e) {
    if (llm->n_entries == llm->cap_entries) {
        int cap = llm->cap_entries ? llm->cap_entries * 2 : 16;
        kv_entry *grown = realloc(llm->entries, sizeof(kv_entry) * (size_t)cap);
        if (!grown) return -1;
        llm->entries = grown;
        llm->cap_entries = cap;
    }
    memmove(llm->entries + at + 1, llm->entries + at, sizeof(kv_entry) * (size_t)(llm->n_entries - at));
    llm->entries[at] = e;
    llm->n_entries++;
    return 0;
}

static void remove_entries(sim_llm *llm, int at, int count) {
    memmove(llm->entries + at, llm->entries + at + count, sizeof(kv_entry) * (size_t)(llm->n_entries - at - count));
    llm->n_entries -= count;
}

/*
 * The context window: the index of the first entry still seen when `incoming` more tokens must
 * fit in max_context_len. Whole turns go, oldest first (a USER entry with the ASSISTANT entry
 * after it); the SYSTEM entry never goes. When even that is not enough, everything but the
 * system prompt goes and the run goes on with the window full: the runtime forgets, it does
 * not refuse.
 */
static int window_start(const sim_llm *llm, long incoming) {
    int first = has_system(llm) ? 1 : 0;
    long kv = kv_size(llm, 0);
    while (kv + incoming > llm->max_context_len && first < llm->n_entries) {
        int k = 1;
        if (llm->entries[first].kind == KV_USER && first + 1 < llm->n_entries
            && llm->entries[first + 1].kind == KV_ASSISTANT) {
            k = 2;
        }
        for (int i = 0; i < k; i++) kv -= llm->entries[first + i].tokens;
        first += k;
    }
    return first;
}

/* ---- the run ----------------------------------------------------------------------------- */

/* What a run leaves for its final callback, delivered once the handle is settled. */
typedef struct {
    LLMCallState state;
    RKLLMResult result;
} run_end;

static void fill_perf(RKLLMResult *r, long prefill_tokens, double prefill_ms, int generated, double generate_ms) {
    struct rusage usage;
    float mb = 0;
    if (getrusage(RUSAGE_SELF, &usage) == 0) mb = (float)usage.ru_maxrss / 1024.0f; /* Linux: kB */
    r->perf.prefill_tokens = prefill_tokens > INT_MAX ? INT_MAX : (int)prefill_tokens;
    r->perf.prefill_time_ms = (float)prefill_ms;
    r->perf.generate_tokens = generated;
    r->perf.generate_time_ms = (float)generate_ms;
    r->perf.memory_usage_mb = mb;
}

static int deliver(const sim_llm *llm, void *userdata, RKLLMResult *r, LLMCallState state) {
    if (!llm->callback.result_callback) return 0;
    return llm->callback.result_callback(r, userdata, state);
}

/* Ends a run with RKLLM_RUN_ERROR after a stderr line saying why. */
static int refuse(run_end *end, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int refuse(run_end *end, const char *fmt, ...) {
    char why[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    sim_log("rkllm_run: %s", why);
    memset(&end->result, 0, sizeof(end->result)); /* text NULL */
    end->state = RKLLM_RUN_ERROR;
    return -1;
}

/* Checks a multimodal input against the model: NULL when it fits, else why not (in why). */
static const char *check_multimodal(const sim_llm *llm, const RKLLMMultiModalInput *mm, char *why, size_t cap) {
    const sim_image_input *img = MM_IMAGE(mm);
    if (!mm->prompt) {
        snprintf(why, cap, "the multimodal prompt is NULL");
    } else if (img->n_image < 1 || !img->image_embed) {
        snprintf(why, cap, "no image: n_image=%zu, image_embed %s", img->n_image, img->image_embed ? "set" : "NULL");
    } else if (img->n_image > MAX_IMAGES) {
        snprintf(why, cap, "n_image=%zu: more than %d images", img->n_image, MAX_IMAGES);
    } else if (img->n_image_tokens != (size_t)llm->image_tokens) {
        snprintf(why, cap, "n_image_tokens=%zu, but the model takes %d tokens per image", img->n_image_tokens,
                 llm->image_tokens);
    } else if (img->image_width != (size_t)llm->image_width || img->image_height != (size_t)llm->image_height) {
        snprintf(why, cap, "an image of %zux%zu, but the model takes %dx%d", img->image_width, img->image_height,
                 llm->image_width, llm->image_height);
#ifdef BM_RKLLM_ABI_12
    } else if (!llm->img_start || !llm->img_end || !llm->img_content) {
        snprintf(why, cap, "RKLLMParam.img_start, img_end or img_content was NULL at rkllm_init");
#else
    } else if (!img->image_start || !img->image_end || !img->image_content) {
        snprintf(why, cap, "image_start, image_end or image_content is NULL");
#endif
    } else if (!strstr(mm->prompt, IMAGE_MARKER)) {
        snprintf(why, cap, "the prompt has no %s where the picture goes", IMAGE_MARKER);
    } else {
        return NULL;
    }
    return why;
}

static int run_locked(sim_llm *llm, const RKLLMInput *input, const RKLLMInferParam *infer, void *userdata,
                      run_end *end) {
    /* 1. The input. Nothing changes until it has passed. */
    const char *prompt;
    long n_image = 0;
    float picture_rgb[3] = {0, 0, 0};
    char why[256];
    if (infer->mode != RKLLM_INFER_GENERATE && infer->mode != RKLLM_INFER_GET_LAST_HIDDEN_LAYER) {
        return refuse(end, "infer mode %d is not simulated (only RKLLM_INFER_GENERATE and "
                      "RKLLM_INFER_GET_LAST_HIDDEN_LAYER)", (int)infer->mode);
    }
    /* RKLLM_INFER_GET_LAST_HIDDEN_LAYER: a prefill that generates nothing and hands back the last
     * token's hidden state. Whether the real runtime keeps such a run's input in the KV cache with
     * keep_history == 1 is not documented: the simulator does unless
     * BENCHMATE_SIM_PREFILL_ONLY_KEEPS_CACHE=0 (read at every run). */
    int hidden_mode = infer->mode == RKLLM_INFER_GET_LAST_HIDDEN_LAYER;
    if (input->input_type == RKLLM_INPUT_PROMPT) {
        prompt = input->prompt_input;
        if (!prompt) return refuse(end, "prompt_input is NULL");
    } else if (input->input_type == RKLLM_INPUT_MULTIMODAL) {
        const RKLLMMultiModalInput *mm = &input->multimodal_input;
        if (check_multimodal(llm, mm, why, sizeof(why))) return refuse(end, "%s", why);
        prompt = mm->prompt;
        n_image = (long)MM_IMAGE(mm)->n_image;
        /* Only image 0's colour is read; every image counts in the cache. */
        picture_colour(MM_IMAGE(mm)->image_embed, llm->image_tokens, llm->embed_size, picture_rgb);
    } else {
        return refuse(end, "input type %d is not simulated (token and embedding inputs)", (int)input->input_type);
    }
    /* The role (NULL meaning "user") and enable_thinking change nothing here. */
    atomic_store(&llm->last_image_count, (int)n_image);

    /* The run generates: it takes its number, and the fault knobs (read now) say whether it
     * fails mid-turn or stalls. A run in both lists stalls. A failing run must leave the cache
     * as it found it, so it forgets turns only from its own view and keeps no history. */
    int run_no = hidden_mode ? 0 : atomic_fetch_add(&generating_runs, 1) + 1;
    int hangs = !hidden_mode && sim_env_list_has("BENCHMATE_SIM_HANG_TURNS", run_no);
    int stalls = hangs || (!hidden_mode && sim_env_list_has("BENCHMATE_SIM_STALL_TURNS", run_no));
    int fails = !hidden_mode && sim_env_list_has("BENCHMATE_SIM_FAIL_TURNS", run_no) && !stalls;
    int keep = infer->keep_history == 1 && !fails;
    if (hidden_mode && keep) {
        const char *keeps_env = getenv("BENCHMATE_SIM_PREFILL_ONLY_KEEPS_CACHE");
        keep = !(keeps_env && strcmp(keeps_env, "0") == 0);
    }

    /* 2. This turn's USER entry: prefix + prompt + postfix, and each image with its start/end tags. */
    long user_tokens = count_tokens(llm->prompt_prefix, 0) + count_tokens(prompt, n_image > 0)
                       + count_tokens(llm->prompt_postfix, 0) + n_image * (llm->image_tokens + 2L);
    long prefill = user_tokens;

    /* 3. The system prompt goes first into a cache that has none (new, or cleared without it). */
    int added_system = 0;
    if (!has_system(llm)) {
        kv_entry sys = {KV_SYSTEM, (int)count_tokens(llm->system_prompt, 0), 0, {0, 0, 0}, 0};
        if (insert_entry(llm, 0, sys) != 0) return refuse(end, "out of memory");
        prefill += sys.tokens;
        added_system = 1;
        publish(llm);
    }

    /* 4. The context window. With keep_history the forgotten turns leave the cache; without, the
     *    cache must end as it began, so they are only left out of this run's view. */
    int first = window_start(llm, user_tokens);
    int sys_end = has_system(llm) ? 1 : 0;
    if (first > sys_end && keep) {
        remove_entries(llm, sys_end, first - sys_end);
        atomic_fetch_add(&llm->forgotten, first - sys_end);
        publish(llm);
        first = sys_end;
    }
    long kv = kv_size(llm, first);

    /* 5. The reply, from the turns still seen and this one. */
    int this_turns = count_turns(llm, prompt);
    int turn = this_turns, with_picture = n_image > 0;
    float rgb[3] = {picture_rgb[0], picture_rgb[1], picture_rgb[2]};
    /* BENCHMATE_SIM_STICKY_PICTURE=1: the behaviour reported of real runtimes with keep_history
     * (rknn-llm issue 257): a later picture sent into a kept conversation is answered as if it
     * were still the first one still seen. */
    const char *sticky_env = getenv("BENCHMATE_SIM_STICKY_PICTURE");
    int sticky = sticky_env && strcmp(sticky_env, "1") == 0, old_picture = 0;
    for (int i = first; i < llm->n_entries; i++) {
        if (llm->entries[i].kind != KV_USER) continue;
        turn += llm->entries[i].turns;
        if (llm->entries[i].has_picture && sticky && !old_picture) { /* the oldest one wins */
            old_picture = with_picture = 1;
            memcpy(rgb, llm->entries[i].rgb, sizeof(rgb));
        } else if (llm->entries[i].has_picture && n_image == 0 && !sticky) { /* later entries are more recent */
            with_picture = 1;
            memcpy(rgb, llm->entries[i].rgb, sizeof(rgb));
        }
    }
    if (turn < 1) turn = 1;
    char reply[256];
    int colour = nearest_colour(rgb);
    int n;
    /* The language of the question: the text after the last turn marker (earlier turns written
     * back in the same run do not count). */
    const char *asked = prompt;
    if (llm->turn_marker[0] != '\0') {
        for (const char *p = strstr(prompt, llm->turn_marker); p; p = strstr(p + 1, llm->turn_marker)) asked = p;
    }
    if (has_cjk(asked)) {
        n = snprintf(reply, sizeof(reply), "模拟回答，第%d轮。", turn);
        if (with_picture) snprintf(reply + n, sizeof(reply) - (size_t)n, "图片是%s。", COLOURS[colour].zh);
    } else {
        n = snprintf(reply, sizeof(reply), "Simulated answer to turn %d.", turn);
        if (with_picture) snprintf(reply + n, sizeof(reply) - (size_t)n, " The picture is %s.", COLOURS[colour].en);
    }

    /* 6. How much may be generated: max_new_tokens, and what is left of the context. */
    long max_new = hidden_mode ? 0 : RUN_MAX_NEW_TOKENS(infer) > 0 ? RUN_MAX_NEW_TOKENS(infer) : llm->max_new_tokens;
    long room = llm->max_context_len - kv - user_tokens;
    if (max_new > room) max_new = room > 0 ? room : 0;

    /* The run's sampling: its own sampling_params when given, else init's. Nothing is sampled
     * (the reply is fixed); it is recorded, and said on stderr when the run brings its own. */
    const RKLLMSamplingParam *own_sampling = RUN_SAMPLING(infer);
    const RKLLMSamplingParam *sampling = own_sampling ? own_sampling : &llm->sampling;
    if (!hidden_mode) { /* the probes report generating runs only */
        pthread_mutex_lock(&llm->probe_lock);
        llm->runs_seen++;
        llm->last_own_sampling = own_sampling != NULL;
        llm->last_sampling = *sampling;
        llm->last_max_new_tokens = (int)(RUN_MAX_NEW_TOKENS(infer) > 0 ? RUN_MAX_NEW_TOKENS(infer)
                                                                       : llm->max_new_tokens);
        pthread_mutex_unlock(&llm->probe_lock);
    }
    if (own_sampling && !hidden_mode) {
        sim_log("rkllm_run: generating run %d with its own sampling_params: temperature=%.2f top_p=%.2f top_k=%d "
                "repeat_penalty=%.2f, max_new_tokens=%d",
                run_no, sampling->temperature, sampling->top_p, sampling->top_k, sampling->repeat_penalty,
                (int)(RUN_MAX_NEW_TOKENS(infer) > 0 ? RUN_MAX_NEW_TOKENS(infer) : llm->max_new_tokens));
    }

    /* 7. Prefill, then the reply token by token. */
    double t0 = sim_now_ms();
    sim_sleep_ms(sim_env_ms("BENCHMATE_SIM_PREFILL_MS_PER_TOKEN") * (double)prefill);
    double prefill_ms = sim_now_ms() - t0;
    if (hangs) {
        /* A runtime hung in the driver: rkllm_abort does not reach it; only rkllm_destroy ends it. */
        sim_log("rkllm_run: generating run %d hangs, deaf to rkllm_abort (BENCHMATE_SIM_HANG_TURNS)", run_no);
        while (!atomic_load(&llm->destroying)) sim_sleep_ms(1);
    } else if (stalls) {
        /* Never a token, never the end, until rkllm_abort or rkllm_destroy (which aborts); then
         * it ends as an abort does. The lock stays held, as during any run. */
        sim_log("rkllm_run: generating run %d stalls until aborted (BENCHMATE_SIM_STALL_TURNS)", run_no);
        while (!atomic_load(&llm->abort_requested)) sim_sleep_ms(1);
    }
    double decode_ms = sim_env_ms("BENCHMATE_SIM_DECODE_MS_PER_TOKEN");
    double t1 = sim_now_ms();
    RKLLMResult r;
    char piece[sizeof(reply)];
    size_t len = strlen(reply), pos = 0, start, stop;
    int generated = 0;
    while (!stalls && generated < max_new && !(fails && generated >= FAIL_AFTER_TOKENS)
           && (stop = next_token(reply, len, pos, &start)) > 0) {
        sim_sleep_ms(decode_ms);
        if (atomic_load(&llm->abort_requested)) break;
        size_t piece_len = stop - pos; /* the token with its leading whitespace */
        memcpy(piece, reply + pos, piece_len);
        piece[piece_len] = '\0';
        pos = stop;
        generated++;
        memset(&r, 0, sizeof(r));
        r.token_id = token_id(piece, piece_len);
        fill_perf(&r, prefill, prefill_ms, generated, sim_now_ms() - t1);
        int multibyte = 0;
        for (size_t i = 0; i < piece_len; i++) multibyte |= (unsigned char)piece[i] >= 0x80;
        int answer;
        if (multibyte) {
            /* As the vendor documents RKLLM_RUN_WAITING ("waiting for a complete UTF-8
             * character"): first a WAITING callback carrying the incomplete character's first byte,
             * which is not text yet and must not be shown, then NORMAL with the whole piece. */
            char head[2] = {piece[0], '\0'};
            r.text = head;
            answer = deliver(llm, userdata, &r, RKLLM_RUN_WAITING);
            if (answer != 1) {
                r.text = piece;
                answer = deliver(llm, userdata, &r, RKLLM_RUN_NORMAL);
            }
        } else {
            r.text = piece;
            answer = deliver(llm, userdata, &r, RKLLM_RUN_NORMAL);
        }
        if (answer == 1) break; /* the caller paused the run: stop as if aborted */
    }
    if (hidden_mode) {
        /* The last token's hidden state (zeros here), in one NORMAL callback without text. */
        float *hidden = calloc((size_t)llm->embed_size, sizeof(float));
        if (!hidden) return refuse(end, "out of memory");
        memset(&r, 0, sizeof(r));
        r.last_hidden_layer.hidden_states = hidden;
        r.last_hidden_layer.embd_size = llm->embed_size;
        r.last_hidden_layer.num_tokens = 1;
        fill_perf(&r, prefill, prefill_ms, 0, 0);
        deliver(llm, userdata, &r, RKLLM_RUN_NORMAL);
        free(hidden);
    }
    double generate_ms = sim_now_ms() - t1;

    /* 7b. An injected failure: after its tokens (or sooner, if aborted or paused before), the run
     *     ends in RKLLM_RUN_ERROR with the cache as it began, the system prompt it added removed. */
    if (fails) {
        if (added_system) {
            remove_entries(llm, 0, 1);
            publish(llm);
        }
        sim_log("rkllm_run: generating run %d fails after %d token(s) (BENCHMATE_SIM_FAIL_TURNS)", run_no,
                generated);
        memset(&end->result, 0, sizeof(end->result)); /* text NULL */
        fill_perf(&end->result, prefill, prefill_ms, generated, generate_ms);
        end->state = RKLLM_RUN_ERROR;
        return -1;
    }

    /* 8. History: this turn and its (possibly cut) answer, only with keep_history == 1. */
    if (keep) {
        kv_entry user = {KV_USER, (int)user_tokens, n_image > 0, {picture_rgb[0], picture_rgb[1], picture_rgb[2]},
                         this_turns};
        kv_entry assistant = {KV_ASSISTANT, generated, 0, {0, 0, 0}, 0};
        if (insert_entry(llm, llm->n_entries, user) != 0) return refuse(end, "out of memory");
        if (!hidden_mode && insert_entry(llm, llm->n_entries, assistant) != 0) {
            remove_entries(llm, llm->n_entries - 1, 1);
            return refuse(end, "out of memory");
        }
        publish(llm);
    }
    memset(&end->result, 0, sizeof(end->result)); /* text NULL */
    fill_perf(&end->result, prefill, prefill_ms, generated, generate_ms);
    end->state = RKLLM_RUN_FINISH;
    return 0;
}

/* ---- the API ----------------------------------------------------------------------------- */

RKLLMParam rkllm_createDefaultParam(void) {
    RKLLMParam p;
    memset(&p, 0, sizeof(p)); /* also the padding and extend_param.reserved */
    p.model_path = NULL;
    p.max_context_len = 512;
    p.max_new_tokens = 512;
    p.top_k = 40;
    p.n_keep = -1;
    p.top_p = 0.9f;
    p.temperature = 0.8f;
    p.repeat_penalty = 1.1f;
    p.frequency_penalty = 0.0f;
    p.presence_penalty = 0.0f;
    p.mirostat = 0;
    p.mirostat_tau = 5.0f;
    p.mirostat_eta = 0.1f;
    p.skip_special_token = true;
#ifndef BM_RKLLM_ABI_12
    p.ignore_eos_token = false;
#endif
    p.is_async = false;
    p.extend_param.base_domain_id = 0;
    p.extend_param.embed_flash = 0;
    p.extend_param.enabled_cpus_num = 0;
    p.extend_param.enabled_cpus_mask = 0;
    p.extend_param.n_batch = 1;
    p.extend_param.use_cross_attn = 0;
    return p;
}

static char *dup_value(const sim_model *m, const char *key) {
    const char *v = sim_model_get(m, key);
    return strdup(v ? v : "");
}

static void free_llm(sim_llm *llm) {
    free(llm->system_prompt);
    free(llm->prompt_prefix);
    free(llm->prompt_postfix);
    free(llm->turn_marker);
    free(llm->entries);
#ifdef BM_RKLLM_ABI_12
    free(llm->img_start);
    free(llm->img_end);
    free(llm->img_content);
#endif
    free(llm);
}

#ifdef BM_RKLLM_ABI_12
int rkllm_init(LLMHandle *handle, RKLLMParam *param, LLMResultCallback callback) {
#else
int rkllm_init(LLMHandle *handle, RKLLMParam *param, RKLLMCallback *callback) {
#endif
    if (!handle) {
        sim_log("rkllm_init: handle is NULL");
        return -1;
    }
    *handle = NULL;
    if (!param || !param->model_path) {
        sim_log("rkllm_init: no parameters, or no model_path");
        return -1;
    }
    if (param->max_context_len <= 0 || param->max_new_tokens <= 0) {
        sim_log("rkllm_init: max_context_len (%d) and max_new_tokens (%d) must be positive", param->max_context_len,
                param->max_new_tokens);
        return -1;
    }
    if (param->extend_param.n_batch > 1) { /* 0 means 1 */
        sim_log("rkllm_init: n_batch=%u is not simulated (only 1)", (unsigned)param->extend_param.n_batch);
        return -1;
    }
    sim_model m;
    if (sim_model_load(&m, param->model_path, 0, SIM_RKLLM_MAGIC) != 0) return -1;
    long tokens, embed, width, height;
    if (sim_model_int(&m, "image_tokens", 196, 1, 1 << 20, &tokens)
        || sim_model_int(&m, "embed_size", 2048, 3, 1 << 20, &embed)
        || sim_model_int(&m, "image_width", 392, 1, 1 << 16, &width)
        || sim_model_int(&m, "image_height", 392, 1, 1 << 16, &height)) {
        sim_model_free(&m);
        return -1;
    }
    sim_llm *llm = calloc(1, sizeof(*llm));
    if (!llm) {
        sim_model_free(&m);
        return -1;
    }
    llm->image_tokens = (int)tokens;
    llm->embed_size = (int)embed;
    llm->image_width = (int)width;
    llm->image_height = (int)height;
    llm->system_prompt = dup_value(&m, "system_prompt");
    llm->prompt_prefix = dup_value(&m, "prompt_prefix");
    llm->prompt_postfix = dup_value(&m, "prompt_postfix");
    llm->turn_marker = dup_value(&m, "turn_marker");
    if (!llm->system_prompt || !llm->prompt_prefix || !llm->prompt_postfix || !llm->turn_marker) {
        free_llm(llm);
        sim_model_free(&m);
        return -1;
    }
    llm->max_context_len = param->max_context_len;
    llm->max_new_tokens = param->max_new_tokens;
    llm->sampling.top_k = param->top_k;
    llm->sampling.top_p = param->top_p;
    llm->sampling.temperature = param->temperature;
    llm->sampling.repeat_penalty = param->repeat_penalty;
    llm->sampling.frequency_penalty = param->frequency_penalty;
    llm->sampling.presence_penalty = param->presence_penalty;
    llm->sampling.mirostat = param->mirostat;
    llm->sampling.mirostat_tau = param->mirostat_tau;
    llm->sampling.mirostat_eta = param->mirostat_eta;
#ifdef BM_RKLLM_ABI_12
    llm->callback.result_callback = callback; /* 1.2.x: the function itself */
    llm->img_start = param->img_start ? strdup(param->img_start) : NULL;
    llm->img_end = param->img_end ? strdup(param->img_end) : NULL;
    llm->img_content = param->img_content ? strdup(param->img_content) : NULL;
#else
    if (callback) llm->callback = *callback; /* a copy: the caller keeps the function, not the struct */
#endif
    pthread_mutex_init(&llm->lock, NULL);
    pthread_mutex_init(&llm->probe_lock, NULL);
    atomic_fetch_add(&live_handles, 1);
    (void)VERSION_TEXT;
    sim_log("SIMULATED librkllmrt (not a real NPU): loaded %s", m.name);
    sim_model_free(&m);
    *handle = llm;
    return 0;
}

int rkllm_run(LLMHandle handle, RKLLMInput *rkllm_input, RKLLMInferParam *rkllm_infer_params, void *userdata) {
    sim_llm *llm = handle;
    if (!llm) return -1;
    if (!rkllm_input || !rkllm_infer_params) {
        sim_log("rkllm_run: %s is NULL", rkllm_input ? "rkllm_infer_params" : "rkllm_input");
        return -1;
    }
    /* One run at a time: a second one (from another thread, or from inside the callback) is
     * refused rather than queued, so a caller's locking bug shows instead of a deadlock. */
    int idle = 0;
    if (!atomic_compare_exchange_strong(&llm->running, &idle, 1)) {
        sim_log("rkllm_run: refused, a run is already in progress on this handle");
        return -1;
    }
    atomic_store(&llm->abort_requested, 0);
    void *ud = userdata ? userdata : llm->callback.result_userdata;
    LLMResultCallback cb = llm->callback.result_callback;
    sim_llm *outer = thread_run;
    run_end end;

    pthread_mutex_lock(&llm->lock);
    thread_run = llm;
    int ret = run_locked(llm, rkllm_input, rkllm_infer_params, ud, &end);
    thread_run = outer;
    pthread_mutex_unlock(&llm->lock);
    /* The handle is settled (cache updated, not running) before FINISH or ERROR is delivered,
     * so a caller woken by it can clear, re-template, run again or destroy without racing this
     * run. Nothing below touches llm: the callback may even have destroyed it. */
    atomic_store(&llm->running, 0);
    if (cb) cb(&end.result, ud, end.state);
    return ret;
}

/* Benchmate does not use it: the simulator runs it synchronously, callbacks on the caller's thread. */
int rkllm_run_async(LLMHandle handle, RKLLMInput *rkllm_input, RKLLMInferParam *rkllm_infer_params, void *userdata) {
    return rkllm_run(handle, rkllm_input, rkllm_infer_params, userdata);
}

int rkllm_abort(LLMHandle handle) {
    sim_llm *llm = handle;
    if (!llm) return -1;
    if (thread_run == llm) atomic_fetch_add(&llm->aborts_in_callback, 1);
    atomic_store(&llm->abort_requested, 1); /* seen before the next token */
    return 0;
}

int rkllm_is_running(LLMHandle handle) {
    sim_llm *llm = handle;
    int running = llm && atomic_load(&llm->running);
#ifdef BM_RKLLM_ABI_12
    return running ? 0 : 1; /* 1.2.x documents 0 while a task is running */
#else
    return running ? 1 : 0;
#endif
}

int rkllm_clear_kv_cache(LLMHandle handle, int keep_system_prompt, int *start_pos, int *end_pos) {
    sim_llm *llm = handle;
    if (!llm) return -1;
    if (start_pos || end_pos) {
        sim_log("rkllm_clear_kv_cache: position ranges are not simulated (pass NULL, NULL)");
        return -1;
    }
    if (atomic_load(&llm->running)) {
        sim_log("rkllm_clear_kv_cache: refused while a run is in progress");
        return -1;
    }
    pthread_mutex_lock(&llm->lock);
    int keep = keep_system_prompt && has_system(llm) ? 1 : 0;
    remove_entries(llm, keep, llm->n_entries - keep);
    publish(llm);
    pthread_mutex_unlock(&llm->lock);
    return 0;
}

int rkllm_get_kv_cache_size(LLMHandle handle, int *cache_sizes) {
    sim_llm *llm = handle;
    if (!llm || !cache_sizes) return -1;
    cache_sizes[0] = atomic_load(&llm->kv_tokens); /* n_batch is 1: one sequence */
    return 0;
}

int rkllm_set_chat_template(LLMHandle handle, const char *system_prompt, const char *prompt_prefix,
                            const char *prompt_postfix) {
    sim_llm *llm = handle;
    if (!llm || !system_prompt || !prompt_prefix || !prompt_postfix) {
        sim_log("rkllm_set_chat_template: NULL argument");
        return -1;
    }
    if (atomic_load(&llm->running)) {
        sim_log("rkllm_set_chat_template: refused while a run is in progress");
        return -1;
    }
    char *sys = strdup(system_prompt), *prefix = strdup(prompt_prefix), *postfix = strdup(prompt_postfix);
    if (!sys || !prefix || !postfix) {
        free(sys);
        free(prefix);
        free(postfix);
        return -1;
    }
    pthread_mutex_lock(&llm->lock);
    free(llm->system_prompt);
    free(llm->prompt_prefix);
    free(llm->prompt_postfix);
    llm->system_prompt = sys;
    llm->prompt_prefix = prefix;
    llm->prompt_postfix = postfix;
    /* A system prompt in the cache is replaced by the new one; without one, the next run adds it. */
    if (has_system(llm)) {
        llm->entries[0].tokens = (int)count_tokens(sys, 0);
        publish(llm);
    }
    pthread_mutex_unlock(&llm->lock);
    return 0;
}

int rkllm_destroy(LLMHandle handle) {
    sim_llm *llm = handle;
    if (!llm) return -1;
    if (thread_run == llm) {
        sim_log("rkllm_destroy: refused from inside the handle's own callback");
        return -1;
    }
    /* A run on another thread is aborted and waited for (it ends within a token); the lock also
     * waits out a clear or a template change in progress. */
    atomic_store(&llm->destroying, 1);
    atomic_store(&llm->abort_requested, 1);
    for (;;) {
        pthread_mutex_lock(&llm->lock);
        int busy = atomic_load(&llm->running);
        pthread_mutex_unlock(&llm->lock);
        if (!busy) break;
        sim_sleep_ms(1);
    }
    pthread_mutex_destroy(&llm->lock);
    pthread_mutex_destroy(&llm->probe_lock);
    free_llm(llm);
    atomic_fetch_sub(&live_handles, 1);
    sim_log("SIMULATED librkllmrt: released (rkllm_destroy)");
    return 0;
}

static int not_simulated(const char *function) {
    sim_log("%s is not simulated", function);
    return -1;
}

int rkllm_load_lora(LLMHandle handle, RKLLMLoraAdapter *lora_adapter) {
    (void)handle;
    (void)lora_adapter;
    return not_simulated("rkllm_load_lora");
}

int rkllm_load_prompt_cache(LLMHandle handle, const char *prompt_cache_path) {
    (void)handle;
    (void)prompt_cache_path;
    return not_simulated("rkllm_load_prompt_cache");
}

int rkllm_release_prompt_cache(LLMHandle handle) {
    (void)handle;
    return not_simulated("rkllm_release_prompt_cache");
}

int rkllm_set_function_tools(LLMHandle handle, const char *system_prompt, const char *tools,
                             const char *tool_response_str) {
    (void)handle;
    (void)system_prompt;
    (void)tools;
    (void)tool_response_str;
    return not_simulated("rkllm_set_function_tools");
}

int rkllm_set_cross_attn_params(LLMHandle handle, RKLLMCrossAttnParam *cross_attn_params) {
    (void)handle;
    (void)cross_attn_params;
    return not_simulated("rkllm_set_cross_attn_params");
}

/* ---- observability for tests (symbols the real runtime does not have) -------------------- */

int benchmate_sim_rkllm_live_handles(void) { return atomic_load(&live_handles); }

int benchmate_sim_rkllm_generating_runs(void) { return atomic_load(&generating_runs); }

int benchmate_sim_rkllm_history_user_turns(LLMHandle handle) {
    sim_llm *llm = handle;
    return llm ? atomic_load(&llm->user_turns) : -1;
}

int benchmate_sim_rkllm_history_picture_entries(LLMHandle handle) {
    sim_llm *llm = handle;
    return llm ? atomic_load(&llm->picture_entries) : -1;
}

int benchmate_sim_rkllm_last_image_count(LLMHandle handle) {
    sim_llm *llm = handle;
    return llm ? atomic_load(&llm->last_image_count) : -1;
}

int benchmate_sim_rkllm_aborts_in_callback(LLMHandle handle) {
    sim_llm *llm = handle;
    return llm ? atomic_load(&llm->aborts_in_callback) : -1;
}

int benchmate_sim_rkllm_forgotten_entries(LLMHandle handle) {
    sim_llm *llm = handle;
    return llm ? atomic_load(&llm->forgotten) : -1;
}

int benchmate_sim_rkllm_last_sampling(LLMHandle handle, RKLLMSamplingParam *out) {
    sim_llm *llm = handle;
    if (!llm || !out) return -1;
    pthread_mutex_lock(&llm->probe_lock);
    int ret = llm->runs_seen == 0 ? -1 : llm->last_own_sampling;
    if (ret >= 0) *out = llm->last_sampling;
    pthread_mutex_unlock(&llm->probe_lock);
    return ret;
}

int benchmate_sim_rkllm_last_max_new_tokens(LLMHandle handle) {
    sim_llm *llm = handle;
    if (!llm) return -1;
    pthread_mutex_lock(&llm->probe_lock);
    int ret = llm->runs_seen == 0 ? -1 : llm->last_max_new_tokens;
    pthread_mutex_unlock(&llm->probe_lock);
    return ret;
}
