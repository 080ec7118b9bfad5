#include "model/results_pick.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/alloc.h"

double hl_results_stored_s(double s) {
    /* Print and parse as the JSON writer and reader do: arithmetic rounding
     * (llround(s * 1e9)) can differ from printf's in the last digit. */
    char buf[64];
    if (!isfinite(s))
        return s;
    snprintf(buf, sizeof buf, "%.9f", s);
    return strtod(buf, NULL);
}

struct ranked {
    double wall_s;
    size_t index;
};

static int cmp_ranked(const void *a, const void *b) {
    const struct ranked *x = a, *y = b;
    if (x->wall_s != y->wall_s)
        return x->wall_s < y->wall_s ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

int hl_results_median_run(const struct hl_config_result *c, size_t *index) {
    *index = 0;
    struct ranked *r = hl_malloc(c->nruns * sizeof *r);
    if (r == NULL)
        return -1;
    for (size_t i = 0; i < c->nruns; i++)
        r[i] = (struct ranked){hl_results_stored_s(c->runs[i].wall_s), i};
    qsort(r, c->nruns, sizeof *r, cmp_ranked);
    *index = r[(c->nruns - 1) / 2].index;
    free(r);
    return 0;
}
