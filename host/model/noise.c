#include "model/noise.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

struct hl_interval hl_median_interval(const double *sorted, size_t n, double confidence) {
    if (n == 0)
        return (struct hl_interval){NAN, NAN, 0};
    /* j runs from the outside in: x(j)..x(n+1-j) (1-based) misses the
     * median when fewer than j values lie on one side, which has
     * probability 2 P(B <= j-1) for B ~ Binomial(n, 1/2). The binomial
     * terms are kept in logs so that thousands of runs neither overflow
     * nor underflow, and summed as j grows: one pass. */
    double log_pmf = -(double)n * log(2.0), cdf = exp(log_pmf);
    size_t best = 1;
    double level = 1 - 2 * cdf;
    for (size_t j = 2; j <= (n + 1) / 2; j++) {
        log_pmf += log((double)(n - (j - 2))) - log((double)(j - 1)); /* P(B = j-1) */
        cdf += exp(log_pmf);
        double cover = 1 - 2 * cdf;
        if (cover < confidence)
            break;
        best = j;
        level = cover;
    }
    return (struct hl_interval){sorted[best - 1], sorted[n - best], level < 0 ? 0 : level};
}

/* The q-quantile of n sorted values, interpolated between neighbours
 * (the common "type 7" definition, numpy's default). */
static double quantile(const double *sorted, size_t n, double q) {
    double pos = q * (double)(n - 1);
    size_t i = (size_t)pos;
    double frac = pos - (double)i;
    return i + 1 < n ? sorted[i] + (sorted[i + 1] - sorted[i]) * frac : sorted[i];
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int hl_noise_of_runs(const struct hl_config_result *c, struct hl_noise *out) {
    memset(out, 0, sizeof *out);
    if (c->nruns == 0)
        return 0;
    double *v = hl_malloc(c->nruns * sizeof *v);
    if (v == NULL)
        return -1;
    size_t n = c->nruns;
    for (size_t i = 0; i < n; i++)
        v[i] = c->runs[i].wall_s;
    qsort(v, n, sizeof *v, cmp_double);
    out->known = true;
    out->median_ci = hl_median_interval(v, n, HL_NOISE_CONFIDENCE);
    out->max_over_min = v[0] > 0 ? v[n - 1] / v[0] : NAN;
    if (n >= HL_NOISE_IQR_MIN_RUNS) {
        double q1 = quantile(v, n, 0.25), q3 = quantile(v, n, 0.75), iqr = q3 - q1;
        for (size_t i = 0; i < n; i++)
            out->outliers +=
                v[i] < q1 - HL_NOISE_IQR_FENCE * iqr || v[i] > q3 + HL_NOISE_IQR_FENCE * iqr;
    }
    out->flagged = out->max_over_min > HL_NOISE_SPREAD_MAX || out->outliers > 0;
    free(v);
    return 0;
}

struct hl_noise hl_config_noise(const struct hl_config_result *c) {
    struct hl_noise n = c->noise;
    if (!n.known && hl_noise_of_runs(c, &n) != 0)
        memset(&n, 0, sizeof n);
    return n;
}

double hl_interval_half_width(struct hl_interval ci, double median) {
    if (!(median > 0) || isnan(ci.lo) || isnan(ci.hi))
        return NAN;
    return fmax(median - ci.lo, ci.hi - median) / median;
}

bool hl_interval_narrow(struct hl_interval ci, double median, double target, double confidence) {
    double half = hl_interval_half_width(ci, median);
    /* A hair below the level: 0.95 computed in floating point must pass. */
    return !isnan(half) && half <= target && ci.level >= confidence - 1e-12;
}

static const char *const stop_names[] = {
    [HL_STOP_UNKNOWN] = "unknown", [HL_STOP_FIXED] = "fixed",       [HL_STOP_NARROW] = "narrow",
    [HL_STOP_BUDGET] = "budget",   [HL_STOP_MAX_RUNS] = "max_runs", [HL_STOP_FAILED] = "failed",
};

const char *hl_stop_name(enum hl_stop stop) {
    return (unsigned)stop < sizeof stop_names / sizeof stop_names[0] ? stop_names[stop] : "unknown";
}

enum hl_stop hl_stop_from_name(const char *name) {
    for (size_t i = 0; i < sizeof stop_names / sizeof stop_names[0]; i++) {
        if (strcmp(stop_names[i], name) == 0)
            return (enum hl_stop)i;
    }
    return HL_STOP_UNKNOWN;
}
