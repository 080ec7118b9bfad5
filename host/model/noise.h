/* What a configuration's repeated runs allow one to say: an interval for
 * the median wall time from order statistics (no assumption about the
 * distribution, so a skewed or bimodal machine is handled honestly), and
 * the spread flags a reader should see (hyperfine's rules: the slowest run
 * well above the fastest, or runs outside the quartiles' 1.5 IQR fences).
 * The experiment uses it to decide when to stop repeating, the report to
 * decide what it may claim, the table and the charts to flag. */
#ifndef HL_MODEL_NOISE_H
#define HL_MODEL_NOISE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/results.h"

#define HL_NOISE_CONFIDENCE 0.95 /* the interval's target level */
#define HL_NOISE_TARGET 0.05     /* "narrow": both ends within 5% of the median */
#define HL_NOISE_SPREAD_MAX 1.2  /* max / min above this is flagged */
#define HL_NOISE_IQR_FENCE 1.5   /* Tukey's fences */
#define HL_NOISE_IQR_MIN_RUNS 4  /* fewer runs have no meaningful quartiles */
/* The fewest runs whose min..max interval reaches HL_NOISE_CONFIDENCE
 * (1 - 2 * 0.5^6 = 0.969); below it the interval is min..max at its
 * lower level. */
#define HL_NOISE_MIN_RUNS_95 6

/* The interval of the median of `n` values sorted ascending: the
 * narrowest pair of order statistics x(j), x(n+1-j) whose coverage,
 * 1 - 2 P(Binomial(n, 1/2) < j), is at least `confidence`; when even
 * min..max falls short (n < 6 at 95%), min..max with its own level (0
 * for one run). n = 0 gives NaN ends and level 0. Never fails. */
struct hl_interval hl_median_interval(const double *sorted, size_t n, double confidence);

/* The noise of c's counted runs by wall time (known = true; all zero and
 * known = false without runs). Returns -1 when memory runs out (out then
 * unknown). */
int hl_noise_of_runs(const struct hl_config_result *c, struct hl_noise *out);

/* c's noise as stored, or computed from its runs when it was not
 * (results from older files); unknown (known = false) without runs or
 * memory. */
struct hl_noise hl_config_noise(const struct hl_config_result *c);

/* True when the interval lies within `target` of `median` on both sides
 * and holds at `confidence` or more. */
bool hl_interval_narrow(struct hl_interval ci, double median, double target, double confidence);

/* Larger of the interval's distances from the median, as a share of it
 * (0.031 for +-3.1%); NaN when it cannot be said. */
double hl_interval_half_width(struct hl_interval ci, double median);

/* How experiment e of r repeated its runs, into buf: "3 counted runs
 * after 1 warm-up", or "6 to 30 runs per configuration until the
 * median's 95% interval is within 5% or 0.2 s of runs, after 1 warm-up". */
void hl_runs_text(const struct hl_results *r, const struct hl_experiment_result *e, char *buf,
                  size_t size);

/* Why n is flagged, into buf ("slowest run 1.31x the fastest, 1 outlier
 * (1.5 IQR rule)"); "" when it is not. */
void hl_noise_flag_text(const struct hl_noise *n, char *buf, size_t size);

/* Name of a stop reason as results.json writes it ("narrow"), and back:
 * HL_STOP_UNKNOWN for a name it does not know. */
const char *hl_stop_name(enum hl_stop stop);
enum hl_stop hl_stop_from_name(const char *name);

#endif
