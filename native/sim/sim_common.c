/*
 * Shared helpers of the NPU simulator: simulated model files, delays, clock, logging.
 */
#define _POSIX_C_SOURCE 200809L
#include "sim_common.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Simulated model files are a few hundred bytes. A real model (megabytes to gigabytes) is
 * recognised by its first line without reading it all. */
#define SIM_MODEL_MAX_BYTES (1024 * 1024)

void sim_log(const char *fmt, ...) {
    char line[4608];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    /* One fprintf per line, so lines from concurrent threads do not interleave mid-line. */
    fprintf(stderr, "[benchmate-sim] %s\n", line);
}

/* ---- model files ------------------------------------------------------------------------- */

/* Reads at most max_bytes + 1 bytes, so the caller can tell "too large" from "just fits". */
static char *read_prefix(const char *path, size_t max_bytes, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc(max_bytes + 1);
    if (!buf) {
        fclose(f);
        errno = ENOMEM;
        return NULL;
    }
    size_t n = fread(buf, 1, max_bytes + 1, f);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        errno = EIO; /* e.g. the path is a directory */
        return NULL;
    }
    *len = n;
    return buf;
}

/* The file format's escapes: "\n" is a newline, "\\" a backslash; any other backslash is literal. */
static char *unescape(const char *s, size_t len) {
    char *out = malloc(len + 1);
    if (!out) return NULL;
    size_t j = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\' && i + 1 < len && (s[i + 1] == 'n' || s[i + 1] == '\\')) {
            out[j++] = s[i + 1] == 'n' ? '\n' : '\\';
            i++;
        } else {
            out[j++] = s[i];
        }
    }
    out[j] = '\0';
    return out;
}

static int is_blank(char c) { return c == ' ' || c == '\t'; }

static int add_pair(sim_model *m, const char *line, size_t len, int line_no) {
    const char *eq = memchr(line, '=', len);
    if (!eq) {
        sim_log("%s line %d: expected key=value", m->name, line_no);
        return -1;
    }
    size_t key_len = (size_t)(eq - line);
    while (key_len > 0 && is_blank(line[key_len - 1])) key_len--;
    if (key_len == 0) {
        sim_log("%s line %d: empty key", m->name, line_no);
        return -1;
    }
    char **keys = realloc(m->keys, sizeof(char *) * (size_t)(m->count + 1));
    if (!keys) return -1;
    m->keys = keys;
    char **values = realloc(m->values, sizeof(char *) * (size_t)(m->count + 1));
    if (!values) return -1;
    m->values = values;
    char *key = unescape(line, key_len);
    char *value = unescape(eq + 1, len - (size_t)(eq - line) - 1); /* as written: spaces count */
    if (!key || !value) {
        free(key);
        free(value);
        return -1;
    }
    m->keys[m->count] = key;
    m->values[m->count] = value;
    m->count++;
    return 0;
}

static int parse(sim_model *m, const char *text, size_t len, const char *magic) {
    size_t pos = 0;
    /* A UTF-8 byte order mark, as some editors write, is not part of the magic line. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    for (int line_no = 1; pos < len; line_no++) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t line_len = end - pos;
        const char *line = text + pos;
        if (line_len > 0 && line[line_len - 1] == '\r') line_len--;
        pos = end + 1;
        if (line_no == 1) {
            if (line_len != strlen(magic) || memcmp(line, magic, line_len) != 0) {
                sim_log("%s is not a Benchmate simulated model (its first line is not \"%s\")", m->name, magic);
                return -1;
            }
            continue;
        }
        while (line_len > 0 && is_blank(*line)) {
            line++;
            line_len--;
        }
        if (line_len == 0 || *line == '#') continue;
        if (add_pair(m, line, line_len, line_no) != 0) return -1;
    }
    return 0;
}

int sim_model_load(sim_model *m, const void *source, size_t size, const char *magic) {
    memset(m, 0, sizeof(*m));
    if (!source) {
        sim_log("no model given (NULL)");
        return -1;
    }
    char described[64];
    if (size > 0) snprintf(described, sizeof(described), "<in-memory model of %zu bytes>", size);
    m->name = strdup(size > 0 ? described : (const char *)source);
    if (!m->name) return -1;

    char *owned = NULL;
    const char *text = source;
    size_t len = size;
    if (size == 0) {
        owned = read_prefix(m->name, SIM_MODEL_MAX_BYTES, &len);
        if (!owned) {
            sim_log("cannot read model %s: %s", m->name, strerror(errno));
            sim_model_free(m);
            return -1;
        }
        text = owned;
    }
    int ret;
    if (len == 0) {
        sim_log("%s is not a Benchmate simulated model (it is empty)", m->name);
        ret = -1;
    } else if (len > SIM_MODEL_MAX_BYTES) {
        /* The magic first, so a real model is reported as "not simulated", then the size. */
        const char *nl = memchr(text, '\n', SIM_MODEL_MAX_BYTES);
        ret = parse(m, text, nl ? (size_t)(nl - text) : SIM_MODEL_MAX_BYTES, magic);
        if (ret == 0) {
            sim_log("%s is larger than %d bytes: too large for a simulated model", m->name, SIM_MODEL_MAX_BYTES);
            ret = -1;
        }
    } else {
        ret = parse(m, text, len, magic);
    }
    free(owned);
    if (ret != 0) sim_model_free(m);
    return ret;
}

void sim_model_free(sim_model *m) {
    for (int i = 0; i < m->count; i++) {
        free(m->keys[i]);
        free(m->values[i]);
    }
    free(m->keys);
    free(m->values);
    free(m->name);
    memset(m, 0, sizeof(*m));
}

const char *sim_model_get(const sim_model *m, const char *key) {
    for (int i = m->count - 1; i >= 0; i--) {
        if (strcmp(m->keys[i], key) == 0) return m->values[i];
    }
    return NULL;
}

int sim_model_int(const sim_model *m, const char *key, long fallback, long min, long max, long *out) {
    const char *v = sim_model_get(m, key);
    if (!v) {
        *out = fallback;
        return 0;
    }
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (end == v || *end != '\0' || errno == ERANGE || n < min || n > max) {
        sim_log("%s: %s=%s is not an integer in [%ld, %ld]", m->name, key, v, min, max);
        return -1;
    }
    *out = n;
    return 0;
}

/* ---- delays and time --------------------------------------------------------------------- */

/*
 * A decimal number: digits with an optional fraction and exponent. Parsed by hand because
 * strtod follows LC_NUMERIC, and a JVM sets the process locale from the environment: under a
 * German locale strtod would read "2.5" as 2. Returns -1 when the text is not such a number.
 */
static double parse_decimal(const char *s) {
    double value = 0;
    int digits = 0;
    while (is_blank(*s)) s++;
    if (*s == '+') s++;
    for (; *s >= '0' && *s <= '9'; s++, digits++) value = value * 10 + (*s - '0');
    if (*s == '.') {
        double scale = 0.1;
        for (s++; *s >= '0' && *s <= '9'; s++, digits++, scale /= 10) value += (*s - '0') * scale;
    }
    if (digits == 0) return -1;
    if (*s == 'e' || *s == 'E') {
        s++;
        int negative = *s == '-';
        if (*s == '-' || *s == '+') s++;
        if (!(*s >= '0' && *s <= '9')) return -1;
        int exp = 0;
        for (; *s >= '0' && *s <= '9'; s++) exp = exp < 1000 ? exp * 10 + (*s - '0') : exp;
        for (int i = 0; i < exp && value != 0 && isfinite(value); i++) value = negative ? value / 10 : value * 10;
    }
    while (is_blank(*s)) s++;
    if (*s != '\0' || !isfinite(value)) return -1;
    return value;
}

double sim_env_ms(const char *name) {
    const char *v = getenv(name);
    if (!v || !*v) return 0;
    double ms = parse_decimal(v);
    if (ms < 0) {
        sim_log("%s=%s is not a number of milliseconds; using 0", name, v);
        return 0;
    }
    return ms;
}

/* Parses a list of positive ints ("2,5"); sets *found when n is in it. -1 when malformed. */
static int parse_list(const char *s, long n, int *found) {
    *found = 0;
    for (;;) {
        while (is_blank(*s)) s++;
        if (!(*s >= '0' && *s <= '9')) return -1; /* also an empty item, a sign, a letter */
        long item = 0;
        for (; *s >= '0' && *s <= '9'; s++) {
            item = item * 10 + (*s - '0');
            if (item > INT_MAX) return -1;
        }
        if (item < 1) return -1;
        if (item == n) *found = 1;
        while (is_blank(*s)) s++;
        if (*s == '\0') return 0;
        if (*s++ != ',') return -1;
    }
}

int sim_env_list_has(const char *name, long n) {
    const char *v = getenv(name);
    if (!v || !*v) return 0;
    int found;
    if (parse_list(v, n, &found) != 0) {
        sim_log("%s=%s is not a comma-separated list of positive integers; ignored", name, v);
        return 0;
    }
    return found;
}

void sim_sleep_ms(double ms) {
    if (!(ms > 0)) return;
    double seconds = ms / 1000.0;
    if (seconds > (double)INT_MAX) seconds = (double)INT_MAX;
    struct timespec ts;
    ts.tv_sec = (time_t)seconds;
    ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
    if (ts.tv_nsec > 999999999L) ts.tv_nsec = 999999999L;
    /* nanosleep writes the time left back, so a signal only interrupts, never shortens, a delay. */
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

double sim_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}
