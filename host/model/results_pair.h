/* Two result sets side by side (hetlane compare): say CI's PoCL run and a
 * GPU workstation's. Experiments pair by workload (the k-th experiment of
 * a workload in A with the k-th of it in B), configurations by label; a
 * label on one side only still gets a row. */
#ifndef HL_MODEL_RESULTS_PAIR_H
#define HL_MODEL_RESULTS_PAIR_H

#include <stdbool.h>
#include <stddef.h>

#include "model/results.h"
#include "util/error.h"

/* What the two medians of a row say. */
enum hl_pair_verdict {
    HL_PAIR_ONLY_A,     /* the label is in A only */
    HL_PAIR_ONLY_B,     /* ... in B only */
    HL_PAIR_NO_RUNS,    /* a side has no counted run (skipped, or its setup failed) */
    HL_PAIR_UNVERIFIED, /* a side did not verify: its time tells nothing */
    HL_PAIR_FEW_RUNS,   /* a side has one run: no spread to judge the difference by */
    HL_PAIR_WITHIN,     /* the fastest-to-slowest ranges overlap */
    HL_PAIR_B_FASTER,   /* B's slowest run beat A's fastest */
    HL_PAIR_B_SLOWER,   /* A's slowest run beat B's fastest */
};

struct hl_pair_row {
    const char *label;                    /* the configuration's */
    const struct hl_config_result *a, *b; /* NULL on the side it is missing */
    double ratio;                         /* B's median / A's; NAN unless both ran */
    enum hl_pair_verdict verdict;
};

struct hl_pair_experiment {
    const char *workload;
    char prefix[140]; /* chart file prefix: "sum", or "sum-2" for its second */
    const struct hl_experiment_result *a, *b; /* NULL on the side it is missing */
    bool same_params;                         /* every numeric param is equal */
    size_t nrows;
    struct hl_pair_row *rows; /* owned */
};

struct hl_pairing {
    size_t n;
    struct hl_pair_experiment *items; /* owned; A's order, then B's own */
};

/* Pairs a with b into out (which points into both: keep them alive).
 * Returns 0, or -1 with err filled (runtime) when memory runs out. */
int hl_results_pair(const struct hl_results *a, const struct hl_results *b, struct hl_pairing *out,
                    struct hl_error *err);

/* Frees what out owns and zeroes it; safe on a zeroed one. */
void hl_pairing_free(struct hl_pairing *p);

/* "B faster, beyond the spread", "within the spread", "only in A", ... */
const char *hl_pair_verdict_text(enum hl_pair_verdict v);

#endif
