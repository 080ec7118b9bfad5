/* What the claim writers (report_claims.c, report_notebook.c,
 * report_noise.c) share: a claim's text built sentence by sentence, the
 * numbers as they print them, and the facts each comparison leaves
 * behind (report_claims.h). Internal to report/. */
#ifndef HL_REPORT_SAY_H
#define HL_REPORT_SAY_H

#include <stddef.h>

#include "report/report_claims.h"

/* One claim's text; cut when full. */
struct hl_say {
    char buf[HL_CLAIM_TEXT_MAX];
    size_t len;
};

/* Appends formatted text; silently cut at the end of the buffer. */
__attribute__((format(printf, 2, 3))) void hl_say(struct hl_say *t, const char *fmt, ...);

/* Appends t as a claim of `topic` (nothing when t is empty or the list is
 * full). */
void hl_say_add(struct hl_claims *out, enum hl_claim_topic topic, const struct hl_say *t);

/* Records that a sentence of `topic` stated `cmp` (dropped when full). */
void hl_say_fact(struct hl_claims *out, enum hl_claim_topic topic, const struct hl_comparison *cmp);

/* Median wall time of c, formatted, in one of 8 rotating buffers: one
 * hl_say() can hold up to 8 of them. */
const char *hl_say_median(const struct hl_config_result *c);

/* What c's median is judged by (report_analysis.h), in one of 4 rotating
 * buffers: "96% interval 1.383 ms to 1.395 ms", "noisy, runs from 1.2 ms
 * to 5.6 ms" for a flagged config, "one run". */
const char *hl_say_interval(const struct hl_config_result *c);

/* True when c counts in claims: verified, with runs and a median. */
bool hl_say_usable(const struct hl_config_result *c);

/* Conclusions about the notebook (report_notebook.c) and the noise
 * (report_noise.c), appended to out. */
void hl_claim_notebook(const struct hl_results *r, const struct hl_experiment_result *e,
                       const struct hl_finding *f, struct hl_claims *out);
void hl_claim_noise(const struct hl_results *r, const struct hl_experiment_result *e,
                    struct hl_claims *out);
/* The Ranks conclusion of every mpi: configuration (report_ranks.c). */
void hl_claim_ranks(const struct hl_results *r, const struct hl_experiment_result *e,
                    struct hl_claims *out);

#endif
