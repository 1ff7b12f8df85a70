#define _POSIX_C_SOURCE 200809L
#include "sim_common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Undoes the file format's escapes: \n is a newline, \\ a backslash. */
static char *unescape(const char *s, size_t len) {
    char *out = malloc(len + 1);
    size_t j = 0;
    if (!out) return NULL;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\' && i + 1 < len) {
            char c = s[++i];
            out[j++] = c == 'n' ? '\n' : c;
        } else {
            out[j++] = s[i];
        }
    }
    out[j] = '\0';
    return out;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) break;
        /* Model files of the simulator are tiny; a real model (gigabytes) is refused early. */
        if (cap >= (1u << 20)) {
            free(buf);
            buf = NULL;
            errno = EFBIG;
            break;
        }
        char *bigger = realloc(buf, cap * 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    fclose(f);
    if (buf) *len = n;
    return buf;
}

static int add_pair(sim_model *m, const char *line, size_t len) {
    const char *eq = memchr(line, '=', len);
    if (!eq) return 0; /* not a key=value line: ignored */
    char **keys = realloc(m->keys, sizeof(char *) * (m->count + 1));
    if (!keys) return -1;
    m->keys = keys;
    char **values = realloc(m->values, sizeof(char *) * (m->count + 1));
    if (!values) return -1;
    m->values = values;
    m->keys[m->count] = unescape(line, (size_t)(eq - line));
    m->values[m->count] = unescape(eq + 1, len - (size_t)(eq - line) - 1);
    m->count++;
    return 0;
}

int sim_model_load(sim_model *m, const void *source, size_t size, const char *magic) {
    memset(m, 0, sizeof(*m));
    const char *name = size == 0 ? (const char *)source : "<model in memory>";
    if (!source) {
        fprintf(stderr, SIM_LOG_PREFIX "no model given\n");
        return -1;
    }
    size_t len = size;
    char *text;
    if (size == 0) {
        text = read_file(name, &len);
        if (!text) {
            fprintf(stderr, SIM_LOG_PREFIX "cannot read model %s: %s\n", name, strerror(errno));
            return -1;
        }
    } else {
        text = malloc(size);
        if (!text) return -1;
        memcpy(text, source, size);
    }
    size_t magic_len = strlen(magic);
    if (len < magic_len || memcmp(text, magic, magic_len) != 0
        || (len > magic_len && text[magic_len] != ' ' && text[magic_len] != '\n')) {
        fprintf(stderr, SIM_LOG_PREFIX "%s is not a Benchmate simulated model (expected first line '%s ...')\n",
                name, magic);
        free(text);
        return -1;
    }
    size_t pos = 0;
    while (pos < len) {
        size_t end = pos;
        while (end < len && text[end] != '\n') end++;
        size_t line_len = end - pos;
        if (line_len > 0 && text[pos + line_len - 1] == '\r') line_len--;
        if (pos > 0 && line_len > 0 && text[pos] != '#') {
            if (add_pair(m, text + pos, line_len) != 0) {
                free(text);
                sim_model_free(m);
                return -1;
            }
        }
        pos = end + 1;
    }
    free(text);
    return 0;
}

void sim_model_free(sim_model *m) {
    for (int i = 0; i < m->count; i++) {
        free(m->keys[i]);
        free(m->values[i]);
    }
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof(*m));
}

const char *sim_model_get(const sim_model *m, const char *key) {
    for (int i = m->count - 1; i >= 0; i--) {
        if (strcmp(m->keys[i], key) == 0) return m->values[i];
    }
    return NULL;
}

long sim_model_int(const sim_model *m, const char *key, long fallback) {
    const char *v = sim_model_get(m, key);
    if (!v) return fallback;
    char *end;
    long n = strtol(v, &end, 10);
    return (end == v || *end != '\0') ? -1 : n;
}

double sim_env_ms(const char *name) {
    const char *v = getenv(name);
    if (!v || !*v) return 0;
    char *end;
    double ms = strtod(v, &end);
    return (end == v || ms < 0) ? 0 : ms;
}

void sim_sleep_ms(double ms) {
    if (ms <= 0) return;
    struct timespec ts;
    ts.tv_sec = (time_t)(ms / 1000);
    ts.tv_nsec = (long)((ms - (double)ts.tv_sec * 1000) * 1e6);
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

double sim_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}
