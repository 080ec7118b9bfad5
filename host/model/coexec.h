/* Co-execution in the results: who joined a configuration (A+B,
 * backends/join.h), what share of the work each took in a run, how evenly
 * they finished, and how close the join came to its ideals. Plain data
 * and arithmetic on the results model, so the writer, the report and a
 * reader of a saved results.json compute the same numbers.
 *
 * Definitions (docs/coexec.md):
 *   share_i    = units participant i finished / units of the run
 *   balance    = earliest finish / latest finish, over the participants
 *                that took work (1: all finished together); none when
 *                fewer than two took work
 *   S_real     = T_fastest_alone / T_join
 *   S_max      = sum_i T_fastest_alone / T_alone_i (EngineCL's ideal:
 *                the speeds add)
 *   efficiency = S_real / S_max
 *   bound      = the time the measured ceilings allow the participants
 *                together when they share the host's memory (square: every
 *                element moves 16 bytes through host memory, whoever
 *                squares it) or nothing (sum: each adds on its own);
 *                bound efficiency = bound / T_join. */
#ifndef HL_MODEL_COEXEC_H
#define HL_MODEL_COEXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/ceilings.h"
#include "model/results.h"

#define HL_COEXEC_MAX_PARTS 4

struct hl_coexec_part {
    char label[64]; /* its own configuration's label: "pthread:2", "opencl:0:0/pinned" */
    int first_lane, lanes;
};

struct hl_coexec {
    size_t nparts;
    struct hl_coexec_part parts[HL_COEXEC_MAX_PARTS];
    /* mpi:A+B, the join on every rank: each rank's lanes (a worker's
     * lane on its rank is worker mod this); its participants alone are
     * mpi:A and mpi:B, and one host's ceilings bound nothing. 0: one
     * machine's join. */
    int lanes_per_rank;
};

/* One run of a join, from its task records. */
struct hl_coexec_run {
    int64_t total;                        /* units every chunk covered */
    int64_t units[HL_COEXEC_MAX_PARTS];   /* finished (ok) by each */
    int64_t chunks[HL_COEXEC_MAX_PARTS];  /* chunks each took */
    double share[HL_COEXEC_MAX_PARTS];    /* units / total */
    double finish_s[HL_COEXEC_MAX_PARTS]; /* its last chunk's end; NAN: took none */
    int working;                          /* participants that took work */
    double balance;                       /* NAN when working < 2 */
};

/* The participant whose lanes hold `worker`, or -1. */
int hl_coexec_part_of(const struct hl_coexec *x, int worker);

/* Shares, finishes and balance of one run of a join. */
void hl_coexec_run_stats(const struct hl_coexec *x, const struct hl_run_result *run,
                         struct hl_coexec_run *out);

/* How a join compares with its participants alone in the same experiment. */
struct hl_coexec_eff {
    double t_join;                       /* its median wall time */
    double t_alone[HL_COEXEC_MAX_PARTS]; /* each alone, median; NAN: not run here */
    /* each alone (mpi:A for a join on every rank), or NULL: points into e */
    const struct hl_config_result *alone[HL_COEXEC_MAX_PARTS];
    bool alone_known;         /* every participant also ran alone */
    char missing[160];        /* else: the labels that did not */
    int fastest;              /* the fastest alone, -1 when unknown */
    double gain;              /* T_fastest_alone / T_join */
    double s_max, efficiency; /* sum of speeds; NAN when unknown */
    bool bound_known;
    char bound_why[160];              /* why not, when not */
    double t_bound, bound_efficiency; /* shared-resource bound; NAN when unknown */
};

/* Fills out for join configuration c of experiment e; ceilings NULL (or
 * not measured) leaves the bound unknown with the reason. Returns -1 when
 * c is not a join or has no median. */
int hl_coexec_efficiency(const struct hl_experiment_result *e, const struct hl_config_result *c,
                         const struct hl_ceilings *ceilings, struct hl_coexec_eff *out);

/* The time the ceilings allow for `elements` of workload `workload`
 * ("square": bytes through shared host memory; "sum": additions) on the
 * participants of x together; NAN with why filled when a ceiling is
 * missing. Pure: exposed for the unit tests. */
double hl_coexec_bound_s(const struct hl_coexec *x, const char *workload, double elements,
                         const struct hl_ceilings *ceilings, char *why, size_t why_size);

#endif
