/*
 * Simulated librknnrt.so: a vision "encoder" whose embedding of each image token starts with
 * the mean R, G, B of that token's patch, so a test can read back what the encoder received.
 * Token t's vector of output j: [meanR, meanG, meanB, j, t, 0, 0, ...].
 * A test instrument, not a model; it says so when it loads.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bm_rknn.h"
#include "sim_common.h"

#define RKNN_MAGIC "BENCHMATE-SIMULATED-RKNN-MODEL"

typedef struct {
    uint32_t height, width, channels;
    uint32_t tokens, grid, embed, outputs;
    int core_mask;
    uint8_t *pixels;   /* the last input set, H*W*C */
    float *means;      /* per token: mean of channel 0, 1, 2 after a run */
    int has_run;       /* 0: no input yet, -1: input set, 1: run done */
    int64_t last_run_us;
} sim_ctx;

static atomic_int live_contexts;
static atomic_int live_output_buffers;

int benchmate_sim_rknn_live_contexts(void) { return atomic_load(&live_contexts); }
int benchmate_sim_rknn_live_output_buffers(void) { return atomic_load(&live_output_buffers); }

static sim_ctx *ctx_of(rknn_context context) { return (sim_ctx *)(uintptr_t)context; }

int rknn_init(rknn_context *context, void *model, uint32_t size, uint32_t flag, rknn_init_extend *extend) {
    (void)flag;
    (void)extend;
    if (!context) return RKNN_ERR_PARAM_INVALID;
    sim_model m;
    if (sim_model_load(&m, model, size, RKNN_MAGIC) != 0) return RKNN_ERR_MODEL_INVALID;
    long h = sim_model_int(&m, "input_height", 392), w = sim_model_int(&m, "input_width", 392);
    long c = sim_model_int(&m, "input_channels", 3), t = sim_model_int(&m, "image_tokens", 196);
    long e = sim_model_int(&m, "embed_size", 2048), o = sim_model_int(&m, "outputs", 1);
    sim_model_free(&m);
    long g = 1;
    while (g * g < t) g++;
    const char *name = size == 0 ? (const char *)model : "<model in memory>";
    if (h <= 0 || w <= 0 || c != 3 || t <= 0 || g * g != t || h % g || w % g || e < 5 || o <= 0) {
        fprintf(stderr, SIM_LOG_PREFIX "%s: invalid shape (need 3 channels, a square token count whose grid "
                "divides the input size, embed_size >= 5, outputs >= 1)\n", name);
        return RKNN_ERR_MODEL_INVALID;
    }
    sim_ctx *ctx = calloc(1, sizeof(sim_ctx));
    if (!ctx) return RKNN_ERR_MALLOC_FAIL;
    ctx->height = (uint32_t)h;
    ctx->width = (uint32_t)w;
    ctx->channels = (uint32_t)c;
    ctx->tokens = (uint32_t)t;
    ctx->grid = (uint32_t)g;
    ctx->embed = (uint32_t)e;
    ctx->outputs = (uint32_t)o;
    ctx->pixels = malloc((size_t)h * w * c);
    ctx->means = calloc((size_t)t * 3, sizeof(float));
    if (!ctx->pixels || !ctx->means) {
        free(ctx->pixels);
        free(ctx->means);
        free(ctx);
        return RKNN_ERR_MALLOC_FAIL;
    }
    *context = (rknn_context)(uintptr_t)ctx;
    atomic_fetch_add(&live_contexts, 1);
    fprintf(stderr, SIM_LOG_PREFIX "SIMULATED librknnrt (not a real NPU): loaded %s\n", name);
    return RKNN_SUCC;
}

int rknn_destroy(rknn_context context) {
    sim_ctx *ctx = ctx_of(context);
    if (!ctx) return RKNN_ERR_CTX_INVALID;
    free(ctx->pixels);
    free(ctx->means);
    free(ctx);
    atomic_fetch_sub(&live_contexts, 1);
    return RKNN_SUCC;
}

int rknn_query(rknn_context context, rknn_query_cmd cmd, void *info, uint32_t size) {
    sim_ctx *ctx = ctx_of(context);
    if (!ctx) return RKNN_ERR_CTX_INVALID;
    if (!info) return RKNN_ERR_PARAM_INVALID;
    switch (cmd) {
    case RKNN_QUERY_IN_OUT_NUM: {
        if (size != sizeof(rknn_input_output_num)) return RKNN_ERR_PARAM_INVALID;
        rknn_input_output_num *io = info;
        io->n_input = 1;
        io->n_output = ctx->outputs;
        return RKNN_SUCC;
    }
    case RKNN_QUERY_INPUT_ATTR:
    case RKNN_QUERY_OUTPUT_ATTR: {
        if (size != sizeof(rknn_tensor_attr)) return RKNN_ERR_PARAM_INVALID;
        rknn_tensor_attr *a = info;
        uint32_t index = a->index;
        memset(a, 0, sizeof(*a));
        a->index = index;
        if (cmd == RKNN_QUERY_INPUT_ATTR) {
            if (index != 0) return RKNN_ERR_PARAM_INVALID;
            a->n_dims = 4;
            a->dims[0] = 1;
            a->dims[1] = ctx->height;
            a->dims[2] = ctx->width;
            a->dims[3] = ctx->channels;
            snprintf(a->name, sizeof(a->name), "pixel_values");
            a->n_elems = ctx->height * ctx->width * ctx->channels;
            a->size = a->n_elems;
            a->fmt = RKNN_TENSOR_NHWC;
            a->type = RKNN_TENSOR_UINT8;
            a->qnt_type = RKNN_TENSOR_QNT_AFFINE_ASYMMETRIC;
            a->scale = 1.0f;
            a->w_stride = ctx->width;
        } else {
            if (index >= ctx->outputs) return RKNN_ERR_PARAM_INVALID;
            a->n_dims = 3;
            a->dims[0] = 1;
            a->dims[1] = ctx->tokens;
            a->dims[2] = ctx->embed;
            snprintf(a->name, sizeof(a->name), "image_embeds_%u", index);
            a->n_elems = ctx->tokens * ctx->embed;
            a->size = a->n_elems * 4;
            a->fmt = RKNN_TENSOR_UNDEFINED;
            a->type = RKNN_TENSOR_FLOAT32;
            a->qnt_type = RKNN_TENSOR_QNT_NONE;
            a->scale = 1.0f;
        }
        a->size_with_stride = a->size;
        return RKNN_SUCC;
    }
    case RKNN_QUERY_PERF_RUN: {
        if (size != sizeof(rknn_perf_run)) return RKNN_ERR_PARAM_INVALID;
        ((rknn_perf_run *)info)->run_duration = ctx->last_run_us;
        return RKNN_SUCC;
    }
    case RKNN_QUERY_SDK_VERSION: {
        if (size != sizeof(rknn_sdk_version)) return RKNN_ERR_PARAM_INVALID;
        rknn_sdk_version *v = info;
        memset(v, 0, sizeof(*v));
        snprintf(v->api_version, sizeof(v->api_version), "benchmate-sim 1.0 (SIMULATED)");
        snprintf(v->drv_version, sizeof(v->drv_version), "simulated");
        return RKNN_SUCC;
    }
    default:
        return RKNN_ERR_PARAM_INVALID;
    }
}

int rknn_set_core_mask(rknn_context context, rknn_core_mask core_mask) {
    sim_ctx *ctx = ctx_of(context);
    if (!ctx) return RKNN_ERR_CTX_INVALID;
    switch (core_mask) {
    case RKNN_NPU_CORE_AUTO: case RKNN_NPU_CORE_0: case RKNN_NPU_CORE_1: case RKNN_NPU_CORE_2:
    case RKNN_NPU_CORE_0_1: case RKNN_NPU_CORE_0_1_2: case RKNN_NPU_CORE_ALL:
        ctx->core_mask = core_mask;
        return RKNN_SUCC;
    default:
        return RKNN_ERR_PARAM_INVALID;
    }
}

int rknn_inputs_set(rknn_context context, uint32_t n_inputs, rknn_input inputs[]) {
    sim_ctx *ctx = ctx_of(context);
    if (!ctx) return RKNN_ERR_CTX_INVALID;
    uint32_t expected = ctx->height * ctx->width * ctx->channels;
    const char *problem = NULL;
    if (n_inputs != 1 || !inputs) problem = "exactly one input is expected";
    else if (inputs[0].index != 0) problem = "input index must be 0";
    else if (inputs[0].type != RKNN_TENSOR_UINT8) problem = "input type must be UINT8";
    else if (inputs[0].fmt != RKNN_TENSOR_NHWC) problem = "input format must be NHWC";
    else if (inputs[0].size != expected) problem = "input size differs from height*width*channels";
    else if (!inputs[0].buf) problem = "input buffer is NULL";
    if (problem) {
        fprintf(stderr, SIM_LOG_PREFIX "rknn_inputs_set: %s\n", problem);
        return RKNN_ERR_INPUT_INVALID;
    }
    memcpy(ctx->pixels, inputs[0].buf, expected);
    ctx->has_run = -1; /* input set, not yet run */
    return RKNN_SUCC;
}

int rknn_run(rknn_context context, rknn_run_extend *extend) {
    (void)extend;
    sim_ctx *ctx = ctx_of(context);
    if (!ctx) return RKNN_ERR_CTX_INVALID;
    if (ctx->has_run == 0) return RKNN_ERR_INPUT_INVALID;
    double start = sim_now_ms();
    uint32_t ph = ctx->height / ctx->grid, pw = ctx->width / ctx->grid, c = ctx->channels;
    for (uint32_t t = 0; t < ctx->tokens; t++) {
        uint32_t row = t / ctx->grid, col = t % ctx->grid;
        double sum[3] = {0, 0, 0};
        for (uint32_t y = row * ph; y < (row + 1) * ph; y++) {
            const uint8_t *p = ctx->pixels + ((size_t)y * ctx->width + (size_t)col * pw) * c;
            for (uint32_t x = 0; x < pw; x++, p += c) {
                sum[0] += p[0];
                sum[1] += p[1];
                sum[2] += p[2];
            }
        }
        for (int k = 0; k < 3; k++) ctx->means[t * 3 + k] = (float)(sum[k] / ((double)ph * pw));
    }
    sim_sleep_ms(sim_env_ms("BENCHMATE_SIM_ENCODE_MS"));
    ctx->last_run_us = (int64_t)((sim_now_ms() - start) * 1000);
    ctx->has_run = 1;
    return RKNN_SUCC;
}

int rknn_outputs_get(rknn_context context, uint32_t n_outputs, rknn_output outputs[], rknn_output_extend *extend) {
    (void)extend;
    sim_ctx *ctx = ctx_of(context);
    if (!ctx) return RKNN_ERR_CTX_INVALID;
    if (ctx->has_run != 1) return RKNN_ERR_FAIL;
    if (n_outputs != ctx->outputs || !outputs) return RKNN_ERR_OUTPUT_INVALID;
    size_t bytes = (size_t)ctx->tokens * ctx->embed * sizeof(float);
    for (uint32_t i = 0; i < n_outputs; i++) {
        uint32_t j = outputs[i].index;
        if (j >= ctx->outputs) return RKNN_ERR_OUTPUT_INVALID;
        float *buf;
        if (outputs[i].is_prealloc) {
            if (!outputs[i].buf || outputs[i].size < bytes) return RKNN_ERR_OUTPUT_INVALID;
            buf = outputs[i].buf;
            memset(buf, 0, bytes);
        } else {
            buf = calloc(1, bytes);
            if (!buf) return RKNN_ERR_MALLOC_FAIL;
            outputs[i].buf = buf;
            outputs[i].size = (uint32_t)bytes;
            atomic_fetch_add(&live_output_buffers, 1);
        }
        for (uint32_t t = 0; t < ctx->tokens; t++) {
            float *v = buf + (size_t)t * ctx->embed;
            v[0] = ctx->means[t * 3];
            v[1] = ctx->means[t * 3 + 1];
            v[2] = ctx->means[t * 3 + 2];
            v[3] = (float)j;
            v[4] = (float)t;
        }
    }
    return RKNN_SUCC;
}

int rknn_outputs_release(rknn_context context, uint32_t n_outputs, rknn_output outputs[]) {
    if (!ctx_of(context)) return RKNN_ERR_CTX_INVALID;
    if (!outputs) return RKNN_ERR_PARAM_INVALID;
    for (uint32_t i = 0; i < n_outputs; i++) {
        if (!outputs[i].is_prealloc && outputs[i].buf) {
            free(outputs[i].buf);
            outputs[i].buf = NULL;
            atomic_fetch_sub(&live_output_buffers, 1);
        }
    }
    return RKNN_SUCC;
}
