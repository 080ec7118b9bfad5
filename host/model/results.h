/* The results model: what a run produced, in memory. Experiments fill it;
 * the writers (JSON, CSV, table) and `hetlane plot` read it; the JSON
 * reader rebuilds it from results.json. Times are from each run's start. */
#ifndef HL_RESULTS_H
#define HL_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/ceilings.h"
#include "model/intensity.h"
#include "model/timeline.h"
#include "util/error.h"

#define HL_RESULTS_SCHEMA "hetlane-results/1"

struct hl_coexec;

struct hl_stat {
    double min, median, max;
};

/* An interval of a statistic with the confidence it was built for. */
struct hl_interval {
    double lo, hi;
    double level; /* e.g. 0.961: how often such an interval holds the true value */
};

/* How much a configuration's counted runs disagree (model/noise.h makes
 * it). `known` is false for results read from files written before it
 * existed: charts then draw no interval and no flag, so they stay as they
 * were; the report recomputes it from the runs. */
struct hl_noise {
    bool known;
    struct hl_interval median_ci; /* of the median wall time */
    double max_over_min;          /* slowest run / fastest run */
    int outliers;                 /* runs beyond 1.5 IQR of the quartiles */
    bool flagged;                 /* max_over_min > 1.2 or an outlier */
};

/* Why a configuration's repetitions ended. */
enum hl_stop {
    HL_STOP_UNKNOWN,  /* older files; a config without runs */
    HL_STOP_FIXED,    /* the fixed --runs count was made */
    HL_STOP_NARROW,   /* adaptive: the median's interval became narrow enough */
    HL_STOP_BUDGET,   /* adaptive: its time budget ran out first */
    HL_STOP_MAX_RUNS, /* adaptive: the most runs allowed */
    HL_STOP_FAILED,   /* adaptive: a run failed, so repeating it proves nothing */
};

/* Adaptive repetitions: each configuration is repeated until the
 * confidence interval of its median is within `target` of the median at
 * `confidence`, or until its counted runs took budget_s, but at least
 * min_runs and at most max_runs times. */
struct hl_adaptive {
    int min_runs, max_runs;
    double budget_s;   /* per configuration: its counted runs, reset and check included */
    double target;     /* 0.05: both ends of the interval within 5% of the median */
    double confidence; /* 0.95 */
};

struct hl_run_result {
    double wall_s, cpu_s;
    bool verified; /* completed, every task ok, every output checked */
    char *error;   /* why not verified, or NULL; owned */
    size_t ntasks;
    struct hl_task_record *tasks; /* owned; times from the run's start */
};

struct hl_config_result {
    char *label;    /* "pthread:2"; owned */
    char *backend;  /* "pthread"; owned */
    char *device;   /* OpenCL device name or NULL; owned */
    char *transfer; /* OpenCL host-memory mode ("pinned", ...) or NULL; owned */
    int64_t tasks;
    double setup_s; /* untimed per-config setup (OpenCL build, ...) */
    char *note;     /* why it was skipped or failed to set up, or NULL */
    struct hl_stat wall_s, cpu_s;
    double speedup; /* serial median / this median; NAN without serial */
    struct hl_noise noise;
    size_t nruns;
    struct hl_run_result *runs; /* owned */
    struct hl_coexec *coexec;   /* a join's participants (model/coexec.h), else NULL; owned */
    /* The narrow members last, together: no padding between pointers. */
    int workers;
    enum hl_stop stop;
    bool verified; /* every counted run verified */
};

enum hl_param_type { HL_PARAM_INT, HL_PARAM_REAL, HL_PARAM_TEXT };

/* One workload parameter as reported in "params". */
struct hl_param {
    char *key; /* owned */
    enum hl_param_type type;
    int64_t i;
    double r;
    char *text; /* owned */
};

struct hl_experiment_result {
    char *workload;   /* owned */
    int warmup, runs; /* requested for this experiment; 0 runs: see hl_results;
                         adaptive: runs is its minimum */
    bool adaptive;    /* runs were repeated adaptively (adapt), not a fixed count */
    struct hl_adaptive adapt;
    size_t nparams;
    struct hl_param *params; /* owned */
    size_t nconfigs;
    struct hl_config_result *configs; /* owned */
    /* What one element costs (model/intensity.h) and how many elements
     * one run does: the workload declares both, the roofline places each
     * configuration by them. Zero (op "") when unknown. */
    struct hl_intensity intensity;
    double elements;
};

/* The machine's measured copy bandwidth (bytes read + written per second,
 * in GB/s) by thread count: the limit a memory-bound workload is judged
 * against (copy_limit.h measures it). 0 where not measured. */
#define HL_COPY_MAX_THREADS 64
struct hl_copy_limit {
    double memcpy_gbs[HL_COPY_MAX_THREADS + 1];    /* glibc memcpy */
    double streaming_gbs[HL_COPY_MAX_THREADS + 1]; /* non-temporal stores */
    double gbs[HL_COPY_MAX_THREADS + 1];           /* the better of the two */
};

/* One MPI rank of an mpi: run (model/clock_sync.h measures its clock):
 * where it ran and how its clock maps onto rank 0's, the one time axis
 * every task record is on. */
#define HL_MAX_RANKS 4096 /* ranks a results file may name */
struct hl_rank_clock {
    int rank;
    char *host;       /* owned */
    double offset_s;  /* its clock minus rank 0's at the start */
    double drift_ppm; /* change of the offset per second of run, in 1e-6 */
    double bound_s;   /* uncertainty: half the best round trip (worst of start and end) */
    double rtt_s;     /* that best round trip */
};

struct hl_results {
    char *version; /* owned */
    char *cpu;     /* owned */
    int cores;
    int warmup, runs;            /* runs requested per config when one setting holds
                                    for every experiment (`run`), else 0 (`demo`) */
    struct hl_copy_limit copy;   /* all 0 when not measured */
    struct hl_ceilings ceilings; /* measured: false when not measured (older files) */
    size_t nexperiments;
    struct hl_experiment_result *experiments; /* owned */
    size_t nranks;                            /* > 0 only for results of an mpi: run */
    struct hl_rank_clock *ranks;              /* owned; ranks[i].rank == i */
};

/* Frees everything `r` owns and zeroes it; safe on a zeroed struct. */
void hl_results_free(struct hl_results *r);

/* Appends a zeroed element to a results array, growing it. Return the new
 * element, or NULL (nothing changed) when memory runs out. */
struct hl_experiment_result *hl_results_add_experiment(struct hl_results *r);
struct hl_config_result *hl_experiment_add_config(struct hl_experiment_result *e);
struct hl_param *hl_experiment_add_param(struct hl_experiment_result *e, const char *key);

/* Frees the last experiment of r (one whose making failed) and drops it. */
void hl_results_pop_experiment(struct hl_results *r);

/* Looks a parameter up by key, or NULL. */
const struct hl_param *hl_experiment_param(const struct hl_experiment_result *e, const char *key);

/* min / median / max of n values (n > 0); sorts a copy. All NaN when
 * memory for the copy runs out. */
struct hl_stat hl_stat_of(const double *values, size_t n);

/* Fills wall_s, cpu_s, noise and verified of a config from its runs.
 * Returns -1 when memory runs out (wall_s and cpu_s are then NaN, noise
 * unknown). */
int hl_config_summarise(struct hl_config_result *c);

/* Sets every config's speedup against the "serial" config's median wall
 * time, when the experiment has one that verified; else NAN. */
void hl_experiment_speedups(struct hl_experiment_result *e);

/* Warm-up and counted runs requested for experiment e of r: its own
 * settings, or r's when e has none (results made before they existed). */
void hl_experiment_settings(const struct hl_results *r, const struct hl_experiment_result *e,
                            int *warmup, int *runs);

/* True when c was skipped on purpose, with the reason in its note
 * ("skipped: ..."): it neither ran nor failed. */
bool hl_config_skipped(const struct hl_config_result *c);

/* True when every counted run of every config verified and no config
 * broke (a skipped config with a reason does not count as broken). */
bool hl_results_all_verified(const struct hl_results *r);

/* True when the copy limit was measured for at least one thread count. */
bool hl_copy_limit_known(const struct hl_copy_limit *limit);

#endif
