/*
 * Simulated librknnrt.so: the RKNN runtime's C ABI around a "vision encoder" that is no model at
 * all. It splits the input picture into the model's g×g patch grid (g*g = image_tokens) and, for
 * every image token, outputs the mean R, G, B of its patch, then the output and token index:
 *
 *     output j, token t: [meanR, meanG, meanB, (float)j, (float)t, 0, 0, ...]   (embed_size floats)
 *
 * so a test reads back what the encoder received (channel order, padding, layout).
 * A test instrument: it says SIMULATED when it loads and in its SDK version.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bm_rknn.h"
#include "sim_common.h"

#define MAX_OUTPUTS 16

typedef struct {
    pthread_mutex_t lock; /* one call at a time per context */
    /* The model's shape, fixed at init (so read without the lock). */
    uint32_t height, width, channels;
    uint32_t tokens, grid, embed, outputs;
    uint32_t npu_cores; /* the SoC the model was converted for: 2 (RK3576) unless the model says */
    rknn_core_mask core_mask;
    uint8_t *pixels; /* the last input set: height*width*channels bytes, NHWC */
    int has_input;
    float *means; /* after a run: per token the mean of channels 0, 1, 2 of its patch */
    int has_run;
    int64_t last_run_us;
    /* Buffers rknn_outputs_get allocated that rknn_outputs_release has not freed yet. Only these
     * are ever freed, so a stale or foreign pointer is reported instead of crashing the caller. */
    void **outstanding;
    size_t n_outstanding, cap_outstanding;
} sim_rknn;

static atomic_int live_contexts;
static atomic_int live_output_buffers;
static atomic_int runs;

/* ---- observability for tests (the real runtime has no such symbols) ---------------------- */

int benchmate_sim_rknn_live_contexts(void) { return atomic_load(&live_contexts); }
int benchmate_sim_rknn_live_output_buffers(void) { return atomic_load(&live_output_buffers); }
int benchmate_sim_rknn_runs(void) { return atomic_load(&runs); }

/* ---- helpers ----------------------------------------------------------------------------- */

static sim_rknn *ctx_of(rknn_context context) { return (sim_rknn *)(uintptr_t)context; }

static size_t output_bytes(const sim_rknn *c) { return (size_t)c->tokens * c->embed * sizeof(float); }

static int track(sim_rknn *c, void *buf) {
    if (c->n_outstanding == c->cap_outstanding) {
        size_t cap = c->cap_outstanding ? c->cap_outstanding * 2 : 4;
        void **grown = realloc(c->outstanding, cap * sizeof(void *));
        if (!grown) return -1;
        c->outstanding = grown;
        c->cap_outstanding = cap;
    }
    c->outstanding[c->n_outstanding++] = buf;
    atomic_fetch_add(&live_output_buffers, 1);
    return 0;
}

/* Frees buf if this context handed it out and it is still out; returns 0, else -1. */
static int untrack_and_free(sim_rknn *c, void *buf) {
    for (size_t i = 0; i < c->n_outstanding; i++) {
        if (c->outstanding[i] == buf) {
            c->outstanding[i] = c->outstanding[--c->n_outstanding];
            free(buf);
            atomic_fetch_sub(&live_output_buffers, 1);
            return 0;
        }
    }
    return -1;
}

/* Reads and checks the model's shape; returns 0, or -1 after a stderr line. */
static int read_shape(sim_rknn *c, const sim_model *m) {
    long h, w, ch, t, e, o, cores;
    /* embed_size >= 5: every token vector starts with [R, G, B, j, t]. */
    if (sim_model_int(m, "input_height", 392, 1, 16384, &h) || sim_model_int(m, "input_width", 392, 1, 16384, &w)
        || sim_model_int(m, "input_channels", 3, 3, 64, &ch) || sim_model_int(m, "image_tokens", 196, 1, 1 << 20, &t)
        || sim_model_int(m, "embed_size", 2048, 5, 1 << 20, &e)
        || sim_model_int(m, "outputs", 1, 1, MAX_OUTPUTS, &o)
        || sim_model_int(m, "npu_cores", 2, 1, 3, &cores)) {
        return -1;
    }
    long g = 1;
    while (g * g < t) g++;
    if (g * g != t) {
        sim_log("%s: image_tokens=%ld is not a square (the tokens are a g x g patch grid)", m->name, t);
        return -1;
    }
    if (h % g != 0 || w % g != 0) {
        sim_log("%s: the %ldx%ld input does not divide into a %ldx%ld patch grid", m->name, w, h, g, g);
        return -1;
    }
    /* rknn_tensor_attr.size and rknn_output.size are uint32_t. */
    if ((uint64_t)h * (uint64_t)w * (uint64_t)ch > UINT32_MAX || (uint64_t)t * (uint64_t)e * 4 > UINT32_MAX) {
        sim_log("%s: a tensor would be larger than 4 GiB", m->name);
        return -1;
    }
    c->height = (uint32_t)h;
    c->width = (uint32_t)w;
    c->channels = (uint32_t)ch;
    c->tokens = (uint32_t)t;
    c->grid = (uint32_t)g;
    c->embed = (uint32_t)e;
    c->outputs = (uint32_t)o;
    c->npu_cores = (uint32_t)cores;
    return 0;
}

/* ---- the API ----------------------------------------------------------------------------- */

int rknn_init(rknn_context *context, void *model, uint32_t size, uint32_t flag, rknn_init_extend *extend) {
    (void)flag;   /* priorities, async modes, ...: nothing to simulate */
    (void)extend; /* the real runtime reports into it; nothing to report */
    if (!context) {
        sim_log("rknn_init: context is NULL");
        return RKNN_ERR_PARAM_INVALID;
    }
    *context = 0;
    sim_model m;
    if (sim_model_load(&m, model, size, SIM_RKNN_MAGIC) != 0) return RKNN_ERR_MODEL_INVALID;
    sim_rknn *c = calloc(1, sizeof(*c));
    if (!c) {
        sim_model_free(&m);
        return RKNN_ERR_MALLOC_FAIL;
    }
    if (read_shape(c, &m) != 0) {
        sim_model_free(&m);
        free(c);
        return RKNN_ERR_MODEL_INVALID;
    }
    c->core_mask = RKNN_NPU_CORE_AUTO;
    c->pixels = malloc((size_t)c->height * c->width * c->channels);
    c->means = calloc((size_t)c->tokens * 3, sizeof(float));
    if (!c->pixels || !c->means) {
        sim_model_free(&m);
        free(c->pixels);
        free(c->means);
        free(c);
        return RKNN_ERR_MALLOC_FAIL;
    }
    pthread_mutex_init(&c->lock, NULL);
    atomic_fetch_add(&live_contexts, 1);
    sim_log("SIMULATED librknnrt (not a real NPU): loaded %s", m.name);
    sim_model_free(&m);
    *context = (rknn_context)(uintptr_t)c;
    return RKNN_SUCC;
}

int rknn_destroy(rknn_context context) {
    sim_rknn *c = ctx_of(context);
    if (!c) return RKNN_ERR_CTX_INVALID;
    if (c->n_outstanding > 0) {
        sim_log("rknn_destroy: %zu output buffer(s) were never released; freeing them", c->n_outstanding);
    }
    for (size_t i = 0; i < c->n_outstanding; i++) {
        free(c->outstanding[i]);
        atomic_fetch_sub(&live_output_buffers, 1);
    }
    free(c->outstanding);
    free(c->pixels);
    free(c->means);
    pthread_mutex_destroy(&c->lock);
    free(c);
    atomic_fetch_sub(&live_contexts, 1);
    sim_log("SIMULATED librknnrt: released (rknn_destroy)");
    return RKNN_SUCC;
}

static void fill_input_attr(const sim_rknn *c, rknn_tensor_attr *a) {
    a->n_dims = 4;
    a->dims[0] = 1;
    a->dims[1] = c->height;
    a->dims[2] = c->width;
    a->dims[3] = c->channels;
    snprintf(a->name, sizeof(a->name), "pixel_values");
    a->n_elems = c->height * c->width * c->channels;
    a->size = a->n_elems; /* uint8: a byte per element */
    a->fmt = RKNN_TENSOR_NHWC;
    a->type = RKNN_TENSOR_UINT8;
    a->qnt_type = RKNN_TENSOR_QNT_AFFINE_ASYMMETRIC;
    a->zp = 0;
    a->scale = 1.0f;
    a->w_stride = c->width;
    a->size_with_stride = a->size;
}

static void fill_output_attr(const sim_rknn *c, uint32_t j, rknn_tensor_attr *a) {
    a->n_dims = 3;
    a->dims[0] = 1;
    a->dims[1] = c->tokens;
    a->dims[2] = c->embed;
    snprintf(a->name, sizeof(a->name), "image_embeds_%u", j);
    a->n_elems = c->tokens * c->embed;
    a->size = a->n_elems * (uint32_t)sizeof(float);
    a->fmt = RKNN_TENSOR_UNDEFINED;
    a->type = RKNN_TENSOR_FLOAT32;
    a->qnt_type = RKNN_TENSOR_QNT_NONE;
    a->scale = 1.0f;
    a->size_with_stride = a->size;
}

int rknn_query(rknn_context context, rknn_query_cmd cmd, void *info, uint32_t size) {
    sim_rknn *c = ctx_of(context);
    if (!c) return RKNN_ERR_CTX_INVALID;
    if (!info) return RKNN_ERR_PARAM_INVALID;
    int ret = RKNN_SUCC;
    pthread_mutex_lock(&c->lock);
    switch (cmd) {
    case RKNN_QUERY_IN_OUT_NUM:
        if (size != sizeof(rknn_input_output_num)) {
            ret = RKNN_ERR_PARAM_INVALID;
        } else {
            rknn_input_output_num *io = info;
            io->n_input = 1;
            io->n_output = c->outputs;
        }
        break;
    case RKNN_QUERY_INPUT_ATTR:
    case RKNN_QUERY_OUTPUT_ATTR: {
        rknn_tensor_attr *a = info;
        if (size != sizeof(rknn_tensor_attr)) {
            ret = RKNN_ERR_PARAM_INVALID;
            break;
        }
        uint32_t index = a->index; /* the caller says which tensor */
        if (cmd == RKNN_QUERY_INPUT_ATTR ? index != 0 : index >= c->outputs) {
            ret = RKNN_ERR_PARAM_INVALID;
            break;
        }
        memset(a, 0, sizeof(*a));
        a->index = index;
        if (cmd == RKNN_QUERY_INPUT_ATTR) {
            fill_input_attr(c, a);
        } else {
            fill_output_attr(c, index, a);
        }
        break;
    }
    case RKNN_QUERY_PERF_RUN:
        if (size != sizeof(rknn_perf_run)) {
            ret = RKNN_ERR_PARAM_INVALID;
        } else {
            ((rknn_perf_run *)info)->run_duration = c->last_run_us;
        }
        break;
    case RKNN_QUERY_SDK_VERSION:
        if (size != sizeof(rknn_sdk_version)) {
            ret = RKNN_ERR_PARAM_INVALID;
        } else {
            rknn_sdk_version *v = info;
            memset(v, 0, sizeof(*v));
            snprintf(v->api_version, sizeof(v->api_version), "benchmate-sim 1.0 (SIMULATED)");
            snprintf(v->drv_version, sizeof(v->drv_version), "simulated");
        }
        break;
    default: /* PERF_DETAIL and anything else: not simulated */
        ret = RKNN_ERR_PARAM_INVALID;
        break;
    }
    pthread_mutex_unlock(&c->lock);
    return ret;
}

int rknn_set_core_mask(rknn_context context, rknn_core_mask core_mask) {
    sim_rknn *c = ctx_of(context);
    if (!c) return RKNN_ERR_CTX_INVALID;
    switch (core_mask) {
    case RKNN_NPU_CORE_AUTO:
    case RKNN_NPU_CORE_0:
    case RKNN_NPU_CORE_1:
    case RKNN_NPU_CORE_2:
    case RKNN_NPU_CORE_0_1:
    case RKNN_NPU_CORE_0_1_2:
    case RKNN_NPU_CORE_ALL:
        /* A mask naming a core the SoC does not have (core 2 on the 2-core RK3576) is refused. */
        if (core_mask != RKNN_NPU_CORE_ALL && (core_mask & ~((1 << c->npu_cores) - 1)) != 0) {
            sim_log("rknn_set_core_mask: mask %d names a core this SoC does not have (npu_cores=%u: cores 0 to %u)",
                    (int)core_mask, c->npu_cores, c->npu_cores - 1);
            return RKNN_ERR_PARAM_INVALID;
        }
        pthread_mutex_lock(&c->lock);
        c->core_mask = core_mask; /* stored only: there are no cores to pin */
        pthread_mutex_unlock(&c->lock);
        return RKNN_SUCC;
    default:
        sim_log("rknn_set_core_mask: %d is not a core mask", (int)core_mask);
        return RKNN_ERR_PARAM_INVALID;
    }
}

int rknn_inputs_set(rknn_context context, uint32_t n_inputs, rknn_input inputs[]) {
    sim_rknn *c = ctx_of(context);
    if (!c) return RKNN_ERR_CTX_INVALID;
    uint32_t expected = c->height * c->width * c->channels;
    if (n_inputs != 1 || !inputs) {
        sim_log("rknn_inputs_set: the model has exactly 1 input, got %u", inputs ? n_inputs : 0);
        return RKNN_ERR_INPUT_INVALID;
    }
    const rknn_input *in = &inputs[0];
    if (in->index != 0) {
        sim_log("rknn_inputs_set: input index %u, but the model's only input is 0", in->index);
        return RKNN_ERR_INPUT_INVALID;
    }
    if (in->type != RKNN_TENSOR_UINT8) {
        sim_log("rknn_inputs_set: input type %d, but the simulator takes UINT8 (%d)", (int)in->type,
                (int)RKNN_TENSOR_UINT8);
        return RKNN_ERR_INPUT_INVALID;
    }
    if (in->fmt != RKNN_TENSOR_NHWC) {
        sim_log("rknn_inputs_set: input format %d, but the simulator takes NHWC (%d)", (int)in->fmt,
                (int)RKNN_TENSOR_NHWC);
        return RKNN_ERR_INPUT_INVALID;
    }
    if (in->size != expected) {
        sim_log("rknn_inputs_set: input of %u bytes, but the model takes %ux%ux%u = %u (HxWxC)", in->size,
                c->height, c->width, c->channels, expected);
        return RKNN_ERR_INPUT_INVALID;
    }
    if (!in->buf) {
        sim_log("rknn_inputs_set: the input buffer is NULL");
        return RKNN_ERR_INPUT_INVALID;
    }
    pthread_mutex_lock(&c->lock);
    memcpy(c->pixels, in->buf, expected); /* the caller may reuse its buffer after the call */
    c->has_input = 1;
    pthread_mutex_unlock(&c->lock);
    return RKNN_SUCC;
}

int rknn_run(rknn_context context, rknn_run_extend *extend) {
    atomic_fetch_add(&runs, 1);
    (void)extend; /* non-blocking runs and fences: not simulated, every run is synchronous */
    sim_rknn *c = ctx_of(context);
    if (!c) return RKNN_ERR_CTX_INVALID;
    pthread_mutex_lock(&c->lock);
    if (!c->has_input) {
        pthread_mutex_unlock(&c->lock);
        sim_log("rknn_run: no input was set");
        return RKNN_ERR_INPUT_INVALID;
    }
    double start = sim_now_ms();
    uint32_t ph = c->height / c->grid, pw = c->width / c->grid, ch = c->channels;
    double pixels_per_patch = (double)ph * pw;
    for (uint32_t t = 0; t < c->tokens; t++) {
        uint32_t row = t / c->grid, col = t % c->grid; /* row-major over the patch grid */
        double sum[3] = {0, 0, 0};
        for (uint32_t y = row * ph; y < (row + 1) * ph; y++) {
            const uint8_t *p = c->pixels + ((size_t)y * c->width + (size_t)col * pw) * ch;
            for (uint32_t x = 0; x < pw; x++, p += ch) {
                sum[0] += p[0];
                sum[1] += p[1];
                sum[2] += p[2];
            }
        }
        for (int k = 0; k < 3; k++) c->means[t * 3 + k] = (float)(sum[k] / pixels_per_patch);
    }
    sim_sleep_ms(sim_env_ms("BENCHMATE_SIM_ENCODE_MS"));
    c->last_run_us = (int64_t)((sim_now_ms() - start) * 1000.0);
    c->has_run = 1;
    pthread_mutex_unlock(&c->lock);
    return RKNN_SUCC;
}

static void write_output(const sim_rknn *c, uint32_t j, float *buf) {
    memset(buf, 0, output_bytes(c));
    for (uint32_t t = 0; t < c->tokens; t++) {
        float *v = buf + (size_t)t * c->embed;
        v[0] = c->means[t * 3];
        v[1] = c->means[t * 3 + 1];
        v[2] = c->means[t * 3 + 2];
        v[3] = (float)j;
        v[4] = (float)t;
    }
}

int rknn_outputs_get(rknn_context context, uint32_t n_outputs, rknn_output outputs[], rknn_output_extend *extend) {
    (void)extend;
    sim_rknn *c = ctx_of(context);
    if (!c) return RKNN_ERR_CTX_INVALID;
    size_t bytes = output_bytes(c);
    int ret = RKNN_SUCC;
    pthread_mutex_lock(&c->lock);
    /* Everything is checked before anything is allocated, so a refusal leaves nothing to release. */
    if (!c->has_run) {
        sim_log("rknn_outputs_get: no run has completed");
        ret = RKNN_ERR_FAIL;
    } else if (!outputs || n_outputs != c->outputs) {
        sim_log("rknn_outputs_get: the model has %u output(s), asked for %u", c->outputs, outputs ? n_outputs : 0);
        ret = RKNN_ERR_PARAM_INVALID;
    }
    for (uint32_t i = 0; ret == RKNN_SUCC && i < n_outputs; i++) {
        if (outputs[i].index >= c->outputs) {
            sim_log("rknn_outputs_get: output index %u, but the model has %u output(s)", outputs[i].index,
                    c->outputs);
            ret = RKNN_ERR_OUTPUT_INVALID;
        } else if (outputs[i].is_prealloc && (!outputs[i].buf || outputs[i].size < bytes)) {
            sim_log("rknn_outputs_get: preallocated output %u holds %u bytes, it needs %zu", i,
                    outputs[i].buf ? outputs[i].size : 0, bytes);
            ret = RKNN_ERR_OUTPUT_INVALID;
        }
    }
    /* want_float needs nothing: the data is float32 either way. */
    for (uint32_t i = 0; ret == RKNN_SUCC && i < n_outputs; i++) {
        if (outputs[i].is_prealloc) {
            write_output(c, outputs[i].index, outputs[i].buf);
            continue;
        }
        float *buf = malloc(bytes);
        if (!buf || track(c, buf) != 0) {
            free(buf);
            /* Undo this call's allocations: a caller does not release after a failure. */
            for (uint32_t k = 0; k < i; k++) {
                if (!outputs[k].is_prealloc) {
                    untrack_and_free(c, outputs[k].buf);
                    outputs[k].buf = NULL;
                    outputs[k].size = 0;
                }
            }
            ret = RKNN_ERR_MALLOC_FAIL;
            break;
        }
        write_output(c, outputs[i].index, buf);
        outputs[i].buf = buf;
        outputs[i].size = (uint32_t)bytes;
    }
    pthread_mutex_unlock(&c->lock);
    return ret;
}

int rknn_outputs_release(rknn_context context, uint32_t n_outputs, rknn_output outputs[]) {
    sim_rknn *c = ctx_of(context);
    if (!c) return RKNN_ERR_CTX_INVALID;
    if (!outputs && n_outputs > 0) return RKNN_ERR_PARAM_INVALID;
    int ret = RKNN_SUCC;
    pthread_mutex_lock(&c->lock);
    for (uint32_t i = 0; i < n_outputs; i++) {
        if (outputs[i].is_prealloc || !outputs[i].buf) continue; /* the caller's own memory, or none */
        if (untrack_and_free(c, outputs[i].buf) != 0) {
            sim_log("rknn_outputs_release: output %u's buffer %p did not come from this context's "
                    "rknn_outputs_get, or was released already",
                    i, outputs[i].buf);
            ret = RKNN_ERR_PARAM_INVALID;
            continue;
        }
        outputs[i].buf = NULL;
    }
    pthread_mutex_unlock(&c->lock);
    return ret;
}
