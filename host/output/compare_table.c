#include "output/compare_table.h"

#include <math.h>
#include <string.h>

#include "util/text.h"

static void print_source(FILE *out, const char *tag, const char *name, const struct hl_results *r) {
    fprintf(out, "%s: %s (%s, %d core%s; hetlane %s)\n", tag, name,
            r->cpu != NULL ? r->cpu : "unknown CPU", r->cores, r->cores == 1 ? "" : "s",
            r->version != NULL ? r->version : "?");
}

/* "n = 4000000, tasks = 8": the numeric params, as the summary shows them. */
static void params_text(const struct hl_experiment_result *e, char *buf, size_t size) {
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; e != NULL && i < e->nparams && len < size; i++) {
        const struct hl_param *p = &e->params[i];
        if (p->type == HL_PARAM_TEXT)
            continue;
        int n = p->type == HL_PARAM_INT ? snprintf(buf + len, size - len, "%s%s = %lld",
                                                   len > 0 ? ", " : "", p->key, (long long)p->i)
                                        : snprintf(buf + len, size - len, "%s%s = %g",
                                                   len > 0 ? ", " : "", p->key, p->r);
        len += n > 0 ? (size_t)n : 0;
    }
}

/* The unit every time of experiment x reads in: one for the whole table
 * of that workload, so A and B read across. */
static struct hl_time_unit unit_of(const struct hl_pair_experiment *x) {
    double lo = NAN, hi = NAN;
    for (size_t i = 0; i < x->nrows; i++) {
        const struct hl_config_result *side[2] = {x->rows[i].a, x->rows[i].b};
        for (int k = 0; k < 2; k++) {
            if (side[k] == NULL || side[k]->nruns == 0)
                continue;
            double v[3] = {side[k]->wall_s.min, side[k]->wall_s.median, side[k]->wall_s.max};
            for (int j = 0; j < 3; j++) {
                lo = isnan(lo) || v[j] < lo ? v[j] : lo;
                hi = isnan(hi) || v[j] > hi ? v[j] : hi;
            }
        }
    }
    return hl_time_unit_for(lo, hi);
}

/* Median and "min-max" of one side, or "-". */
static void side_cells(const struct hl_config_result *c, struct hl_time_unit u, char *median,
                       char *range, size_t size) {
    if (c == NULL || c->nruns == 0) {
        snprintf(median, size, "-");
        snprintf(range, size, "-");
        return;
    }
    char lo[32], hi[32];
    hl_format_in_unit(median, size, c->wall_s.median, u);
    snprintf(range, size, "%s-%s", hl_format_in_unit(lo, sizeof lo, c->wall_s.min, u),
             hl_format_in_unit(hi, sizeof hi, c->wall_s.max, u));
}

static void print_experiment(FILE *out, const struct hl_pair_experiment *x) {
    char pa[256], pb[256];
    params_text(x->a, pa, sizeof pa);
    params_text(x->b, pb, sizeof pb);
    if (x->a == NULL || x->b == NULL)
        fprintf(out, "\n%s (%s only: %s)\n", x->workload, x->a != NULL ? "A" : "B",
                x->a != NULL ? pa : pb);
    else if (x->same_params)
        fprintf(out, "\n%s (%s)\n", x->workload, pa);
    else
        fprintf(out, "\n%s (A: %s; B: %s: the parameters differ)\n", x->workload, pa, pb);
    struct hl_time_unit u = unit_of(x);
    char h[4][32];
    snprintf(h[0], sizeof h[0], "A median %s", u.name);
    snprintf(h[1], sizeof h[1], "A range %s", u.name);
    snprintf(h[2], sizeof h[2], "B median %s", u.name);
    snprintf(h[3], sizeof h[3], "B range %s", u.name);
    fprintf(out, "%-24s %12s %19s %12s %19s %8s  %s\n", "config", h[0], h[1], h[2], h[3], "B / A",
            "difference");
    for (size_t i = 0; i < x->nrows; i++) {
        const struct hl_pair_row *row = &x->rows[i];
        char am[32], ar[64], bm[32], br[64], ratio[16] = "-";
        side_cells(row->a, u, am, ar, sizeof am);
        side_cells(row->b, u, bm, br, sizeof bm);
        if (!isnan(row->ratio))
            snprintf(ratio, sizeof ratio, "%.2fx", row->ratio);
        fprintf(out, "%-24s %12s %19s %12s %19s %8s  %s\n", row->label, am, ar, bm, br, ratio,
                hl_pair_verdict_text(row->verdict));
    }
}

void hl_compare_print(FILE *out, const struct hl_pairing *p, const char *name_a,
                      const struct hl_results *a, const char *name_b, const struct hl_results *b) {
    print_source(out, "A", name_a, a);
    print_source(out, "B", name_b, b);
    for (size_t i = 0; i < p->n; i++)
        print_experiment(out, &p->items[i]);
    fprintf(out, "\nB / A: B's median over A's (below 1: B took less time). Beyond the spread:\n"
                 "every run of one was faster than every run of the other.\n");
}
