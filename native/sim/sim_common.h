/*
 * Shared helpers of the NPU simulator: simulated model files, delays, logging.
 * The simulator is a test instrument; everything it prints says so.
 */
#ifndef BM_SIM_COMMON_H
#define BM_SIM_COMMON_H

#include <stddef.h>

#define SIM_LOG_PREFIX "[benchmate-sim] "

/* A parsed simulated model file: key=value pairs after a magic first line. */
typedef struct {
    int count;
    char **keys;
    char **values;
} sim_model;

/*
 * Reads a model file (size == 0: `source` is a path) or an in-memory text (size > 0).
 * Returns 0, or -1 with one stderr line naming the file and the problem.
 */
int sim_model_load(sim_model *m, const void *source, size_t size, const char *magic);
void sim_model_free(sim_model *m);
/* The value of key, or NULL. */
const char *sim_model_get(const sim_model *m, const char *key);
/* The integer value of key, or fallback when absent; -1 stays -1 when the text is not a number. */
long sim_model_int(const sim_model *m, const char *key, long fallback);

/* Milliseconds from an environment variable (float), 0 when unset or invalid. */
double sim_env_ms(const char *name);
void sim_sleep_ms(double ms);
double sim_now_ms(void);

#endif
