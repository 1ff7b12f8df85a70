/*
 * Simulated librkllmrt.so (RKLLM runtime 1.3.x ABI). Not a language model: it counts tokens
 * into a KV cache with the runtime's rules (keep_history, chat template, clear, context window,
 * max_new_tokens, abort) and answers "Simulated answer to turn N." plus the colour of the
 * picture in the kept history, read back from the image embedding the caller sent. Multi-byte
 * characters are delivered split across callbacks (RKLLM_RUN_WAITING), as the runtime may.
 *
 * Token rule: a special tag "<|...|>" is one token; a run of ASCII letters/digits is one token;
 * every other non-whitespace code point is one token; whitespace is never a token.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bm_rkllm.h"
#include "sim_common.h"

#define RKLLM_MAGIC "BENCHMATE-SIMULATED-RKLLM-MODEL"
#define VOCAB_SIZE 151936

typedef enum { ENTRY_SYSTEM, ENTRY_USER, ENTRY_ASSISTANT } entry_kind;

typedef struct {
    entry_kind kind;
    int tokens;
    int has_image;
    float rgb[3];
} kv_entry;

typedef struct {
    int image_tokens, embed_size, image_width, image_height;
    char *system_prompt, *prompt_prefix, *prompt_postfix;
    int max_context_len, max_new_tokens;
    RKLLMCallback callback;
    kv_entry *entries;
    int n_entries, cap_entries;
    pthread_mutex_t lock; /* guards the cache; held for the whole of a run */
    atomic_int running;
    atomic_int abort_requested;
    int last_image_count;
    int forgotten;
} sim_llm;

static atomic_int live_handles;

/* ---- text helpers ---------------------------------------------------------------------- */

static int utf8_len(unsigned char lead) {
    return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

static uint32_t utf8_decode(const char *s, int len) {
    const unsigned char *u = (const unsigned char *)s;
    if (len == 1) return u[0];
    uint32_t cp = u[0] & (0xFF >> (len + 1));
    for (int i = 1; i < len; i++) cp = (cp << 6) | (u[i] & 0x3F);
    return cp;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static int is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/*
 * Finds the next token at or after *pos: returns its end, sets *token_start; the text from *pos
 * to the end is the token with its leading whitespace (how a BPE piece looks). -1 at the end.
 */
static long next_token(const char *s, long pos, long len, long *token_start) {
    while (pos < len && is_space(s[pos])) pos++;
    if (pos >= len) return -1;
    *token_start = pos;
    if (s[pos] == '<' && pos + 1 < len && s[pos + 1] == '|') {
        for (long i = pos + 2; i + 1 < len; i++) {
            if (s[i] == '|' && s[i + 1] == '>') return i + 2;
        }
    }
    if (is_alnum(s[pos])) {
        long end = pos;
        while (end < len && is_alnum(s[end])) end++;
        return end;
    }
    long end = pos + utf8_len((unsigned char)s[pos]);
    return end > len ? len : end;
}

/* Tokens of a text, "<image>" markers left out (the image is counted on its own). */
static int count_tokens(const char *text) {
    if (!text) return 0;
    long len = (long)strlen(text), pos = 0, start, end;
    int n = 0;
    while ((end = next_token(text, pos, len, &start)) >= 0) {
        if (len - start >= 7 && strncmp(text + start, "<image>", 7) == 0) {
            pos = start + 7;
            continue;
        }
        n++;
        pos = end;
    }
    return n;
}

static int has_cjk(const char *text) {
    for (const char *p = text; p && *p;) {
        int l = utf8_len((unsigned char)*p);
        uint32_t cp = utf8_decode(p, l);
        if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)) return 1;
        for (int i = 0; i < l && *p; i++) p++;
    }
    return 0;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

/* ---- colours --------------------------------------------------------------------------- */

static const struct {
    const char *en, *zh;
    float r, g, b;
} COLOURS[] = {
    {"red", "红色", 200, 30, 30},       {"green", "绿色", 30, 170, 30},    {"blue", "蓝色", 30, 30, 200},
    {"yellow", "黄色", 220, 220, 30},   {"cyan", "青色", 30, 200, 200},    {"magenta", "品红色", 200, 30, 200},
    {"white", "白色", 240, 240, 240},   {"black", "黑色", 15, 15, 15},     {"gray", "灰色", 128, 128, 128},
};

static int nearest_colour(const float rgb[3]) {
    int best = 0;
    double best_d = 1e30;
    for (int i = 0; i < (int)(sizeof(COLOURS) / sizeof(COLOURS[0])); i++) {
        double dr = rgb[0] - COLOURS[i].r, dg = rgb[1] - COLOURS[i].g, db = rgb[2] - COLOURS[i].b;
        double d = dr * dr + dg * dg + db * db;
        if (d < best_d) {
            best_d = d;
            best = i;
        }
    }
    return best;
}

/* Mean colour of the picture's non-padding tokens: padding is 127.5 rounded, in all channels. */
static void picture_colour(const float *embed, int tokens, int stride, float out[3]) {
    double sum[3] = {0, 0, 0}, all[3] = {0, 0, 0};
    int n = 0;
    for (int t = 0; t < tokens; t++) {
        const float *v = embed + (size_t)t * stride;
        int padding = 1;
        for (int k = 0; k < 3; k++) {
            all[k] += v[k];
            if (v[k] < 126.5f || v[k] > 129.0f) padding = 0;
        }
        if (!padding) {
            for (int k = 0; k < 3; k++) sum[k] += v[k];
            n++;
        }
    }
    for (int k = 0; k < 3; k++) out[k] = (float)(n > 0 ? sum[k] / n : all[k] / tokens);
}

/* ---- the KV cache ---------------------------------------------------------------------- */

static int kv_size(const sim_llm *llm) {
    int n = 0;
    for (int i = 0; i < llm->n_entries; i++) n += llm->entries[i].tokens;
    return n;
}

static int push_entry(sim_llm *llm, kv_entry e) {
    if (llm->n_entries == llm->cap_entries) {
        int cap = llm->cap_entries ? llm->cap_entries * 2 : 16;
        kv_entry *grown = realloc(llm->entries, sizeof(kv_entry) * (size_t)cap);
        if (!grown) return -1;
        llm->entries = grown;
        llm->cap_entries = cap;
    }
    llm->entries[llm->n_entries++] = e;
    return 0;
}

static void remove_entry(sim_llm *llm, int index) {
    memmove(llm->entries + index, llm->entries + index + 1, sizeof(kv_entry) * (size_t)(llm->n_entries - index - 1));
    llm->n_entries--;
}

static int find_system(const sim_llm *llm) {
    for (int i = 0; i < llm->n_entries; i++) {
        if (llm->entries[i].kind == ENTRY_SYSTEM) return i;
    }
    return -1;
}

/* The runtime's silent forgetting: drop the oldest turns until `incoming` more tokens fit. */
static void make_room(sim_llm *llm, int incoming) {
    while (kv_size(llm) + incoming > llm->max_context_len) {
        int oldest = -1;
        for (int i = 0; i < llm->n_entries; i++) {
            if (llm->entries[i].kind != ENTRY_SYSTEM) {
                oldest = i;
                break;
            }
        }
        if (oldest < 0) return;
        remove_entry(llm, oldest);
        llm->forgotten++;
    }
}

/* ---- the API --------------------------------------------------------------------------- */

RKLLMParam rkllm_createDefaultParam(void) {
    RKLLMParam p;
    memset(&p, 0, sizeof(p));
    p.max_context_len = 512;
    p.max_new_tokens = 512;
    p.top_k = 40;
    p.n_keep = -1;
    p.top_p = 0.9f;
    p.temperature = 0.8f;
    p.repeat_penalty = 1.1f;
    p.mirostat_tau = 5.0f;
    p.mirostat_eta = 0.1f;
    p.skip_special_token = true;
    p.extend_param.n_batch = 1;
    return p;
}

int rkllm_init(LLMHandle *handle, RKLLMParam *param, RKLLMCallback *callback) {
    if (!handle || !param || !param->model_path) {
        fprintf(stderr, SIM_LOG_PREFIX "rkllm_init: no handle, parameters or model path\n");
        return -1;
    }
    *handle = NULL;
    if (param->max_context_len <= 0 || param->max_new_tokens <= 0) {
        fprintf(stderr, SIM_LOG_PREFIX "rkllm_init: max_context_len and max_new_tokens must be positive\n");
        return -1;
    }
    if (param->extend_param.n_batch > 1) {
        fprintf(stderr, SIM_LOG_PREFIX "rkllm_init: n_batch > 1 is not simulated\n");
        return -1;
    }
    sim_model m;
    if (sim_model_load(&m, param->model_path, 0, RKLLM_MAGIC) != 0) return -1;
    sim_llm *llm = calloc(1, sizeof(sim_llm));
    if (!llm) {
        sim_model_free(&m);
        return -1;
    }
    llm->image_tokens = (int)sim_model_int(&m, "image_tokens", 196);
    llm->embed_size = (int)sim_model_int(&m, "embed_size", 2048);
    llm->image_width = (int)sim_model_int(&m, "image_width", 392);
    llm->image_height = (int)sim_model_int(&m, "image_height", 392);
    llm->system_prompt = dup_or_null(sim_model_get(&m, "system_prompt"));
    llm->prompt_prefix = dup_or_null(sim_model_get(&m, "prompt_prefix"));
    llm->prompt_postfix = dup_or_null(sim_model_get(&m, "prompt_postfix"));
    sim_model_free(&m);
    llm->max_context_len = param->max_context_len;
    llm->max_new_tokens = param->max_new_tokens;
    if (callback) llm->callback = *callback;
    pthread_mutex_init(&llm->lock, NULL);
    *handle = llm;
    atomic_fetch_add(&live_handles, 1);
    fprintf(stderr, SIM_LOG_PREFIX "SIMULATED librkllmrt (not a real NPU): loaded %s\n", param->model_path);
    return 0;
}

int rkllm_destroy(LLMHandle handle) {
    sim_llm *llm = handle;
    if (!llm) return -1;
    pthread_mutex_destroy(&llm->lock);
    free(llm->system_prompt);
    free(llm->prompt_prefix);
    free(llm->prompt_postfix);
    free(llm->entries);
    free(llm);
    atomic_fetch_sub(&live_handles, 1);
    return 0;
}

int rkllm_set_chat_template(LLMHandle handle, const char *system_prompt, const char *prompt_prefix,
                            const char *prompt_postfix) {
    sim_llm *llm = handle;
    if (!llm || !system_prompt || !prompt_prefix || !prompt_postfix) return -1;
    if (atomic_load(&llm->running)) return -1;
    pthread_mutex_lock(&llm->lock);
    free(llm->system_prompt);
    free(llm->prompt_prefix);
    free(llm->prompt_postfix);
    llm->system_prompt = strdup(system_prompt);
    llm->prompt_prefix = strdup(prompt_prefix);
    llm->prompt_postfix = strdup(prompt_postfix);
    int sys = find_system(llm);
    if (sys >= 0) llm->entries[sys].tokens = count_tokens(llm->system_prompt);
    pthread_mutex_unlock(&llm->lock);
    return 0;
}

static void fill_perf(RKLLMResult *r, int prefill_tokens, double prefill_ms, int generated, double generate_ms) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    r->perf.prefill_tokens = prefill_tokens;
    r->perf.prefill_time_ms = (float)prefill_ms;
    r->perf.generate_tokens = generated;
    r->perf.generate_time_ms = (float)generate_ms;
    r->perf.memory_usage_mb = (float)usage.ru_maxrss / 1024.0f;
}

static int deliver(sim_llm *llm, void *userdata, RKLLMResult *r, LLMCallState state) {
    if (!llm->callback.result_callback) return 0;
    return llm->callback.result_callback(r, userdata, state);
}

static int run_error(sim_llm *llm, void *userdata, const char *why) {
    fprintf(stderr, SIM_LOG_PREFIX "rkllm_run: %s\n", why);
    RKLLMResult r;
    memset(&r, 0, sizeof(r));
    deliver(llm, userdata, &r, RKLLM_RUN_ERROR);
    return -1;
}

static uint32_t token_id(const char *piece, size_t len) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)piece[i]) * 16777619u;
    return h % VOCAB_SIZE;
}

static int run_locked(sim_llm *llm, RKLLMInput *input, RKLLMInferParam *infer, void *userdata) {
    const char *prompt;
    int image_count = 0;
    float image_rgb[3] = {0, 0, 0};
    if (input->input_type == RKLLM_INPUT_PROMPT) {
        prompt = input->prompt_input;
        if (!prompt) return run_error(llm, userdata, "prompt_input is NULL");
    } else if (input->input_type == RKLLM_INPUT_MULTIMODAL) {
        const RKLLMMultiModalInput *mm = &input->multimodal_input;
        const RKLLMImageInput *img = &mm->image;
        char why[256];
        prompt = mm->prompt;
        why[0] = '\0';
        if (!prompt) snprintf(why, sizeof(why), "multimodal prompt is NULL");
        else if (!strstr(prompt, "<image>")) snprintf(why, sizeof(why), "the prompt has no <image> for the picture");
        else if (img->n_image < 1 || !img->image_embed) snprintf(why, sizeof(why), "no image embedding");
        else if ((int)img->n_image_tokens != llm->image_tokens)
            snprintf(why, sizeof(why), "n_image_tokens %zu, the model takes %d", img->n_image_tokens, llm->image_tokens);
        else if ((int)img->image_width != llm->image_width || (int)img->image_height != llm->image_height)
            snprintf(why, sizeof(why), "image %zux%zu, the model takes %dx%d", img->image_width, img->image_height,
                     llm->image_width, llm->image_height);
        else if (!img->image_start || !img->image_end || !img->image_content)
            snprintf(why, sizeof(why), "image tags missing");
        if (why[0]) return run_error(llm, userdata, why);
        image_count = (int)img->n_image;
        picture_colour(img->image_embed, llm->image_tokens, llm->embed_size, image_rgb);
    } else {
        return run_error(llm, userdata, "token and embedding inputs are not simulated");
    }
    llm->last_image_count = image_count;

    int user_tokens = count_tokens(llm->prompt_prefix) + count_tokens(prompt) + count_tokens(llm->prompt_postfix)
                      + image_count * (llm->image_tokens + 2);
    int prefill = user_tokens;
    if (find_system(llm) < 0) {
        kv_entry sys = {ENTRY_SYSTEM, count_tokens(llm->system_prompt), 0, {0, 0, 0}};
        if (push_entry(llm, sys) != 0) return run_error(llm, userdata, "out of memory");
        prefill += sys.tokens;
    }
    make_room(llm, user_tokens);

    int turn = 1, has_picture = image_count > 0;
    float rgb[3] = {image_rgb[0], image_rgb[1], image_rgb[2]};
    for (int i = 0; i < llm->n_entries; i++) {
        if (llm->entries[i].kind != ENTRY_USER) continue;
        turn++;
        if (llm->entries[i].has_image && image_count == 0) {
            has_picture = 1;
            memcpy(rgb, llm->entries[i].rgb, sizeof(rgb)); /* the latest picture wins */
        }
    }
    char reply[256];
    int c = nearest_colour(rgb);
    if (has_cjk(prompt)) {
        int n = snprintf(reply, sizeof(reply), "模拟回答，第%d轮。", turn);
        if (has_picture) snprintf(reply + n, sizeof(reply) - (size_t)n, "图片是%s。", COLOURS[c].zh);
    } else {
        int n = snprintf(reply, sizeof(reply), "Simulated answer to turn %d.", turn);
        if (has_picture) snprintf(reply + n, sizeof(reply) - (size_t)n, " The picture is %s.", COLOURS[c].en);
    }

    int max_new = infer->max_new_tokens > 0 ? infer->max_new_tokens : llm->max_new_tokens;
    int room = llm->max_context_len - kv_size(llm) - user_tokens;
    if (max_new > room) max_new = room > 0 ? room : 0;

    double t0 = sim_now_ms();
    sim_sleep_ms(sim_env_ms("BENCHMATE_SIM_PREFILL_MS_PER_TOKEN") * prefill);
    double prefill_ms = sim_now_ms() - t0;
    double decode_ms_per_token = sim_env_ms("BENCHMATE_SIM_DECODE_MS_PER_TOKEN");

    RKLLMResult r;
    char piece[64];
    int generated = 0;
    long len = (long)strlen(reply), pos = 0, start, end;
    double t1 = sim_now_ms();
    while (generated < max_new && (end = next_token(reply, pos, len, &start)) >= 0) {
        sim_sleep_ms(decode_ms_per_token);
        if (atomic_load(&llm->abort_requested)) break;
        size_t n = (size_t)(end - pos);
        memcpy(piece, reply + pos, n);
        piece[n] = '\0';
        memset(&r, 0, sizeof(r));
        r.token_id = (int32_t)token_id(piece, n);
        generated++;
        fill_perf(&r, prefill, prefill_ms, generated, sim_now_ms() - t1);
        int multibyte = 0;
        for (size_t i = 0; i < n; i++) multibyte |= (unsigned char)piece[i] >= 0x80;
        int answer;
        if (multibyte) {
            /* The first byte alone, then the rest: a character cut in two, as the runtime may do. */
            char head[2] = {piece[0], '\0'};
            r.text = head;
            answer = deliver(llm, userdata, &r, RKLLM_RUN_WAITING);
            if (answer == 0) {
                r.text = piece + 1;
                answer = deliver(llm, userdata, &r, RKLLM_RUN_NORMAL);
            }
        } else {
            r.text = piece;
            answer = deliver(llm, userdata, &r, RKLLM_RUN_NORMAL);
        }
        pos = end;
        if (answer == 1) break; /* paused by the caller */
    }
    memset(&r, 0, sizeof(r));
    fill_perf(&r, prefill, prefill_ms, generated, sim_now_ms() - t1);
    if (infer->keep_history == 1) {
        kv_entry user = {ENTRY_USER, user_tokens, image_count > 0, {image_rgb[0], image_rgb[1], image_rgb[2]}};
        kv_entry assistant = {ENTRY_ASSISTANT, generated, 0, {0, 0, 0}};
        if (push_entry(llm, user) != 0 || push_entry(llm, assistant) != 0) {
            return run_error(llm, userdata, "out of memory");
        }
    }
    deliver(llm, userdata, &r, RKLLM_RUN_FINISH);
    return 0;
}

int rkllm_run(LLMHandle handle, RKLLMInput *rkllm_input, RKLLMInferParam *rkllm_infer_params, void *userdata) {
    sim_llm *llm = handle;
    if (!llm || !rkllm_input || !rkllm_infer_params) return -1;
    void *ud = userdata ? userdata : llm->callback.result_userdata;
    pthread_mutex_lock(&llm->lock);
    atomic_store(&llm->abort_requested, 0);
    atomic_store(&llm->running, 1);
    int ret = run_locked(llm, rkllm_input, rkllm_infer_params, ud);
    atomic_store(&llm->running, 0);
    pthread_mutex_unlock(&llm->lock);
    return ret;
}

/* Benchmate does not use it; the simulator runs it synchronously. */
int rkllm_run_async(LLMHandle handle, RKLLMInput *rkllm_input, RKLLMInferParam *rkllm_infer_params, void *userdata) {
    return rkllm_run(handle, rkllm_input, rkllm_infer_params, userdata);
}

int rkllm_abort(LLMHandle handle) {
    sim_llm *llm = handle;
    if (!llm) return -1;
    atomic_store(&llm->abort_requested, 1);
    return 0;
}

int rkllm_is_running(LLMHandle handle) {
    sim_llm *llm = handle;
    return llm && atomic_load(&llm->running) ? 1 : 0;
}

int rkllm_clear_kv_cache(LLMHandle handle, int keep_system_prompt, int *start_pos, int *end_pos) {
    sim_llm *llm = handle;
    if (!llm || start_pos || end_pos || atomic_load(&llm->running)) return -1;
    pthread_mutex_lock(&llm->lock);
    for (int i = llm->n_entries - 1; i >= 0; i--) {
        if (!keep_system_prompt || llm->entries[i].kind != ENTRY_SYSTEM) remove_entry(llm, i);
    }
    pthread_mutex_unlock(&llm->lock);
    return 0;
}

int rkllm_get_kv_cache_size(LLMHandle handle, int *cache_sizes) {
    sim_llm *llm = handle;
    if (!llm || !cache_sizes) return -1;
    if (atomic_load(&llm->running)) {
        /* Read during a run without the lock: the size before the run is good enough. */
        cache_sizes[0] = kv_size(llm);
        return 0;
    }
    pthread_mutex_lock(&llm->lock);
    cache_sizes[0] = kv_size(llm);
    pthread_mutex_unlock(&llm->lock);
    return 0;
}

static int not_simulated(const char *what) {
    fprintf(stderr, SIM_LOG_PREFIX "%s is not simulated\n", what);
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

int benchmate_sim_rkllm_history_user_turns(LLMHandle handle) {
    sim_llm *llm = handle;
    int n = 0;
    for (int i = 0; llm && i < llm->n_entries; i++) n += llm->entries[i].kind == ENTRY_USER;
    return n;
}

int benchmate_sim_rkllm_last_image_count(LLMHandle handle) {
    sim_llm *llm = handle;
    return llm ? llm->last_image_count : -1;
}

int benchmate_sim_rkllm_forgotten_entries(LLMHandle handle) {
    sim_llm *llm = handle;
    return llm ? llm->forgotten : -1;
}
