#include "model/results_pair.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/results_names.h"
#include "util/alloc.h"

const char *hl_pair_verdict_text(enum hl_pair_verdict v) {
    switch (v) {
    case HL_PAIR_ONLY_A: return "only in A";
    case HL_PAIR_ONLY_B: return "only in B";
    case HL_PAIR_NO_RUNS: return "no runs on one side";
    case HL_PAIR_UNVERIFIED: return "not verified on one side";
    case HL_PAIR_FEW_RUNS: return "one run: no spread to judge by";
    case HL_PAIR_WITHIN: return "within the spread";
    case HL_PAIR_B_FASTER: return "B faster, beyond the spread";
    case HL_PAIR_B_SLOWER: return "B slower, beyond the spread";
    }
    return "?";
}

static enum hl_pair_verdict judge(const struct hl_config_result *a,
                                  const struct hl_config_result *b) {
    if (b == NULL)
        return HL_PAIR_ONLY_A;
    if (a == NULL)
        return HL_PAIR_ONLY_B;
    if (a->nruns == 0 || b->nruns == 0)
        return HL_PAIR_NO_RUNS;
    if (!a->verified || !b->verified)
        return HL_PAIR_UNVERIFIED;
    if (a->nruns < 2 || b->nruns < 2)
        return HL_PAIR_FEW_RUNS;
    if (b->wall_s.max < a->wall_s.min)
        return HL_PAIR_B_FASTER;
    if (a->wall_s.max < b->wall_s.min)
        return HL_PAIR_B_SLOWER;
    return HL_PAIR_WITHIN;
}

static const struct hl_config_result *find_label(const struct hl_experiment_result *e,
                                                 const char *label) {
    for (size_t i = 0; e != NULL && i < e->nconfigs; i++) {
        if (strcmp(e->configs[i].label, label) == 0)
            return &e->configs[i];
    }
    return NULL;
}

/* How many experiments of r before index i have the same workload. */
static size_t occurrence(const struct hl_results *r, size_t i) {
    size_t k = 0;
    for (size_t j = 0; j < i; j++)
        k += strcmp(r->experiments[j].workload, r->experiments[i].workload) == 0;
    return k;
}

/* The k-th experiment of `workload` in r, or NULL. */
static const struct hl_experiment_result *find_experiment(const struct hl_results *r,
                                                          const char *workload, size_t k) {
    for (size_t i = 0; i < r->nexperiments; i++) {
        if (strcmp(r->experiments[i].workload, workload) == 0 && k-- == 0)
            return &r->experiments[i];
    }
    return NULL;
}

static bool same_numbers(const struct hl_experiment_result *a,
                         const struct hl_experiment_result *b) {
    /* Text params (the URL of a server on a random port) may differ. */
    for (size_t i = 0; i < a->nparams; i++) {
        const struct hl_param *p = &a->params[i];
        if (p->type == HL_PARAM_TEXT)
            continue;
        const struct hl_param *q = hl_experiment_param(b, p->key);
        if (q == NULL || q->type != p->type || q->i != p->i || !(q->r == p->r))
            return false;
    }
    return true;
}

static int add_row(struct hl_pair_experiment *x, const char *label,
                   const struct hl_config_result *a, const struct hl_config_result *b) {
    struct hl_pair_row *grown = hl_realloc(x->rows, (x->nrows + 1) * sizeof *grown);
    if (grown == NULL)
        return -1;
    x->rows = grown;
    struct hl_pair_row *row = &x->rows[x->nrows++];
    row->label = label;
    row->a = a;
    row->b = b;
    row->verdict = judge(a, b);
    bool both = a != NULL && b != NULL && a->nruns > 0 && b->nruns > 0;
    row->ratio = both ? b->wall_s.median / a->wall_s.median : NAN;
    return 0;
}

static int pair_experiment(struct hl_pairing *out, const struct hl_results *r, size_t i,
                           const struct hl_experiment_result *a,
                           const struct hl_experiment_result *b) {
    struct hl_pair_experiment *grown = hl_realloc(out->items, (out->n + 1) * sizeof *grown);
    if (grown == NULL)
        return -1;
    out->items = grown;
    struct hl_pair_experiment *x = &out->items[out->n++];
    memset(x, 0, sizeof *x);
    x->workload = r->experiments[i].workload;
    x->a = a;
    x->b = b;
    x->same_params = a != NULL && b != NULL && same_numbers(a, b) && same_numbers(b, a);
    hl_results_experiment_prefix(r, i, x->prefix, sizeof x->prefix);
    for (size_t c = 0; a != NULL && c < a->nconfigs; c++) {
        if (find_label(a, a->configs[c].label) != &a->configs[c])
            continue; /* a repeated label pairs once, by its first */
        if (add_row(x, a->configs[c].label, &a->configs[c], find_label(b, a->configs[c].label)) !=
            0)
            return -1;
    }
    for (size_t c = 0; b != NULL && c < b->nconfigs; c++) {
        const char *label = b->configs[c].label;
        if (find_label(a, label) == NULL && find_label(b, label) == &b->configs[c] &&
            add_row(x, label, NULL, &b->configs[c]) != 0)
            return -1;
    }
    return 0;
}

int hl_results_pair(const struct hl_results *a, const struct hl_results *b, struct hl_pairing *out,
                    struct hl_error *err) {
    memset(out, 0, sizeof *out);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < a->nexperiments; i++) {
        const struct hl_experiment_result *ea = &a->experiments[i];
        rc = pair_experiment(out, a, i, ea, find_experiment(b, ea->workload, occurrence(a, i)));
    }
    for (size_t i = 0; rc == 0 && i < b->nexperiments; i++) {
        const struct hl_experiment_result *eb = &b->experiments[i];
        if (find_experiment(a, eb->workload, occurrence(b, i)) == NULL)
            rc = pair_experiment(out, b, i, NULL, eb);
    }
    if (rc != 0) {
        hl_pairing_free(out);
        return hl_error_errno(err, HL_ERR_RUNTIME, ENOMEM, "cannot allocate the comparison");
    }
    return 0;
}

void hl_pairing_free(struct hl_pairing *p) {
    for (size_t i = 0; i < p->n; i++)
        free(p->items[i].rows);
    free(p->items);
    memset(p, 0, sizeof *p);
}
