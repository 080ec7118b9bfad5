/* The words for how runs were repeated and why a configuration is
 * flagged, shared by the summary table, the report and the charts. */
#include <stdio.h>

#include "model/noise.h"
#include "util/text.h"

void hl_runs_text(const struct hl_results *r, const struct hl_experiment_result *e, char *buf,
                  size_t size) {
    int warmup, runs;
    hl_experiment_settings(r, e, &warmup, &runs);
    if (!e->adaptive) {
        hl_format_runs(buf, size, runs, warmup); /* "3 counted runs after 1 warm-up" */
        return;
    }
    char after[32] = ", no warm-up";
    if (warmup > 0)
        snprintf(after, sizeof after, ", after %d warm-up%s", warmup, warmup == 1 ? "" : "s");
    const struct hl_adaptive *a = &e->adapt;
    snprintf(buf, size,
             "%d to %d runs per configuration until the median's %.0f%% interval is within "
             "%.0f%% or %.3g s of runs%s",
             a->min_runs, a->max_runs, a->confidence * 100, a->target * 100, a->budget_s, after);
}

void hl_noise_flag_text(const struct hl_noise *n, char *buf, size_t size) {
    buf[0] = '\0';
    if (!n->flagged)
        return;
    int o = 0;
    if (n->max_over_min > HL_NOISE_SPREAD_MAX)
        o = snprintf(buf, size, "slowest run %.2fx the fastest", n->max_over_min);
    if (n->outliers > 0 && o >= 0 && (size_t)o < size)
        snprintf(buf + o, size - (size_t)o, "%s%d outlier%s (1.5 IQR rule)", o > 0 ? ", " : "",
                 n->outliers, n->outliers == 1 ? "" : "s");
}
