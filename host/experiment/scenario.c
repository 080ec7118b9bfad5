#include "experiment/scenario.h"

/* The notebook's scenario, fitted to the machine: square and sum run on
 * 1, 2, 4, ... and P workers (":*", P the usable cores), so every machine
 * shows how they scale up to its own cores (the notebook's fixed 2 and 4
 * said nothing past 4 cores and oversubscribed 2). square runs first, right after the copy limit
 * is measured: memory bandwidth on a shared machine drifts, and square is
 * judged against that limit. Budgets on a 2-core machine: fetch is ~30 s of
 * waiting (60 waves of 500 ms over its configurations), square and sum a
 * few seconds with charts; --quick cuts fetch to 50 ms waves (~3 s) and
 * the sizes to a third and a fifth: still past the caches, and long
 * enough that two threads can beat the cost of starting them.
 *
 * Runs are adaptive (model/noise.h): square and sum repeat each
 * configuration at least 6 times, the fewest whose min..max is a 95%
 * interval of the median, and until that interval is within 5% or the
 * configuration's runs took 1 s (--quick: 0.2 s, so CI stays fast on a
 * noisy runner). fetch is waiting on a server: one run may be enough,
 * and its short configurations repeat while they fit 1.5 s (0.2 s). */
static const struct hl_demo_step scenario[] = {
    {.workload = "square",
     .backends = "serial,pthread:*,fork:*",
     .opencl = true,
     .n = 11999999,
     .quick_n = 4000000,
     .warmup = 1,
     .runs = 6,
     .max_runs = 30,
     .budget_s = 1.0,
     .quick_budget_s = 0.2},
    {.workload = "sum",
     .backends = "serial,pthread:*,fork:*",
     .opencl = true,
     .n = 19487171, /* 11^7 */
     .quick_n = 4000000,
     .tasks = 8,
     .warmup = 1,
     .runs = 6,
     .max_runs = 30,
     .budget_s = 1.0,
     .quick_budget_s = 0.2},
    {.workload = "fetch",
     .backends = "serial,pthread:1,pthread:2,pthread:4,pthread:6,fork:1,fork:2,fork:3,fork:6,"
                 "curl-multi:12",
     .tasks = 12,
     .latency_ms = 500,
     .quick_latency_ms = 50,
     .warmup = 0,
     .runs = 1,
     .max_runs = 10,
     .budget_s = 1.5,
     .quick_budget_s = 0.2},
};

const struct hl_demo_step *hl_demo_scenario(size_t *count) {
    *count = sizeof scenario / sizeof scenario[0];
    return scenario;
}
