/*
 * Helpers shared by the two halves of the NPU simulator (librknnrt.so and librkllmrt.so):
 * the simulated model files, the delay knobs, the clock and stderr logging.
 *
 * The simulator is a test instrument, not a runtime. Everything here is compiled into both
 * libraries with hidden visibility, so neither exports anything the real runtimes do not,
 * apart from the documented benchmate_sim_* counters.
 */
#ifndef BM_SIM_COMMON_H
#define BM_SIM_COMMON_H

#include <stddef.h>

#define SIM_INTERNAL __attribute__((visibility("hidden")))

/* The exact first line of each kind of simulated model file. */
#define SIM_RKNN_MAGIC "BENCHMATE-SIMULATED-RKNN-MODEL 1"
#define SIM_RKLLM_MAGIC "BENCHMATE-SIMULATED-RKLLM-MODEL 1"

/* A parsed simulated model file: the key=value lines after the magic line, in file order. */
typedef struct {
    char *name; /* the path, or a description of the in-memory buffer, for messages */
    int count;
    char **keys;
    char **values;
} sim_model;

/*
 * Loads a simulated model. size == 0: `source` is a NUL-terminated path; size > 0: `source` is
 * a buffer of `size` bytes holding the same text. `magic` is the exact first line expected.
 * Returns 0, or -1 after one stderr line naming the file and what is wrong with it.
 */
SIM_INTERNAL int sim_model_load(sim_model *m, const void *source, size_t size, const char *magic);
SIM_INTERNAL void sim_model_free(sim_model *m);

/* The (unescaped) value of the last line with this key, or NULL. */
SIM_INTERNAL const char *sim_model_get(const sim_model *m, const char *key);

/*
 * Reads an integer key into *out, `fallback` when the key is absent. Returns 0, or -1 after a
 * stderr line when the value is not a decimal integer within [min, max].
 */
SIM_INTERNAL int sim_model_int(const sim_model *m, const char *key, long fallback, long min, long max,
                               long *out);

/* Milliseconds from an environment variable, read now; 0 when unset, malformed or negative. */
SIM_INTERNAL double sim_env_ms(const char *name);

/*
 * Whether `n` is in the list an environment variable holds, read now: comma-separated positive
 * integers ("2" or "2,5", blanks around a number allowed). Unset or empty is the empty list; a
 * malformed value is one stderr line naming the variable, then the empty list.
 */
SIM_INTERNAL int sim_env_list_has(const char *name, long n);

/* Sleeps with nanosleep, resumed after signals; does nothing for ms <= 0. */
SIM_INTERNAL void sim_sleep_ms(double ms);

/* A monotonic clock in milliseconds. */
SIM_INTERNAL double sim_now_ms(void);

/* One line on stderr, prefixed "[benchmate-sim] "; the newline is added. */
SIM_INTERNAL void sim_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* BM_SIM_COMMON_H */
