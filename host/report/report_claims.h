/* The report's conclusions as sentences, computed from the measurements
 * of one experiment (report_analysis.h): the fastest configuration, what
 * bound the workload, how threads, processes and OpenCL devices fared, and
 * where that agrees or not with the notebook hetlane grew out of. Each
 * sentence carries its numbers, and a sentence the numbers do not support
 * is not made: threads that lost are said to have lost, and a difference
 * the intervals of the medians do not separate is said to be within the
 * noise, with its numbers (report_analysis.h has the rule). Every
 * comparison a sentence states is also kept as a fact, so that a test can
 * check that no two sentences of one report contradict each other. The
 * markdown and HTML writers print the same sentences. */
#ifndef HL_REPORT_CLAIMS_H
#define HL_REPORT_CLAIMS_H

#include <stddef.h>

#include "model/results.h"
#include "report/report_analysis.h"

enum hl_claim_topic {
    HL_CLAIM_FASTEST,
    HL_CLAIM_BOUND,
    HL_CLAIM_THREADS,
    HL_CLAIM_PROCESSES,
    HL_CLAIM_OPENCL,
    HL_CLAIM_NOTEBOOK,
    HL_CLAIM_NOISE,   /* how the runs were repeated, which were noisy, what that means */
    HL_CLAIM_PROBLEM, /* a configuration that did not run or did not verify */
    HL_CLAIM_COEXEC,  /* a join (A+B) against its participants alone (report_coexec.h) */
    HL_CLAIM_RANKS,   /* mpi: load per rank, whether the extra ranks paid, data moved */
};

#define HL_CLAIM_TEXT_MAX 1280
#define HL_CLAIMS_MAX 24
#define HL_CLAIM_FACTS_MAX 64

struct hl_claim {
    enum hl_claim_topic topic;
    char text[HL_CLAIM_TEXT_MAX]; /* plain text, one or more sentences */
};

/* One comparison a sentence states: `a` against `b` (configurations of
 * the experiment), with the verdict the sentence gives it (WON: a was
 * clearly faster; NOISE: within the noise). Several sentences may state
 * the same comparison; they must then state the same verdict. */
struct hl_claim_fact {
    enum hl_claim_topic topic;
    const struct hl_config_result *a, *b;
    enum hl_verdict verdict;
};

struct hl_claims {
    struct hl_finding finding; /* what the sentences were made from */
    size_t n;
    struct hl_claim items[HL_CLAIMS_MAX];
    size_t nfacts;
    struct hl_claim_fact facts[HL_CLAIM_FACTS_MAX];
};

/* The claims for experiment e of r (r gives the cores and the copy limit),
 * in topic order. Pointers in out->finding point into e. Never fails:
 * claims past HL_CLAIMS_MAX are dropped, and long ones are cut. */
void hl_report_claims(const struct hl_results *r, const struct hl_experiment_result *e,
                      struct hl_claims *out);

/* The bound as the summary table says it: its name, or "within the noise
 * (near memory-bound)" when the intervals left it unsettled. */
const char *hl_claims_bound_text(const struct hl_finding *f, char *buf, size_t size);

/* A topic's heading: "Fastest", "Bound", "Threads", ... */
const char *hl_claim_topic_name(enum hl_claim_topic topic);

#endif
