#include "report/report_coexec.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/coexec.h"
#include "model/results_pick.h"
#include "report/report_say.h"

/* A participant below this share of the work "added little". */
#define LITTLE_SHARE 0.05

/* Shares and balance of c's median run. */
static void say_shares(const struct hl_config_result *c, struct hl_say *t,
                       struct hl_coexec_run *st) {
    size_t m = 0;
    if (hl_results_median_run(c, &m) != 0)
        m = 0;
    const struct hl_coexec *x = c->coexec;
    hl_coexec_run_stats(x, &c->runs[m], st);
    hl_say(t, " Shares of the work (median run):");
    for (size_t p = 0; p < x->nparts; p++)
        hl_say(t, "%s %s %.1f%% (%lld chunks)", p > 0 ? "," : "", x->parts[p].label,
               st->share[p] * 100, (long long)st->chunks[p]);
    if (isnan(st->balance))
        hl_say(t, "; balance not defined: only %d participant took work.", st->working);
    else
        hl_say(t, "; balance %.2f (first participant's finish over the last one's).", st->balance);
}

/* Why, in the workload's terms. */
static void say_why(const struct hl_experiment_result *e, const struct hl_coexec *x,
                    const struct hl_coexec_run *st, enum hl_verdict v, struct hl_say *t) {
    bool square = e->workload != NULL && strcmp(e->workload, "square") == 0;
    int idle = -1;
    for (size_t p = 0; p < x->nparts; p++) {
        if (st->share[p] < LITTLE_SHARE)
            idle = (int)p;
    }
    if (idle >= 0) {
        hl_say(t,
               " %s took %.1f%% of the work: the schedule measured it so much slower than the "
               "rest that its chunks would have ended after the others had finished everything, "
               "so it added little.",
               x->parts[idle].label, st->share[idle] * 100);
    } else if (square && v == HL_VERDICT_WON) {
        hl_say(t, " square is memory-bound: the device's transfers and the cores' copies add "
                  "up, until the host memory bandwidth both draw on runs out.");
    } else if (square) {
        hl_say(t, " square is memory-bound, and here both sides draw on the same host memory "
                  "(a CPU OpenCL device such as PoCL even shares the same cores), so a split "
                  "adds scheduling but no bandwidth.");
    } else if (v == HL_VERDICT_WON) {
        hl_say(t, " sum is compute-bound: the adders of both sides add up.");
    } else {
        hl_say(t, " sum is compute-bound, and the participants' adders are not independent "
                  "here (a CPU OpenCL device such as PoCL runs on the same cores).");
    }
}

static void claim_one(const struct hl_experiment_result *e, const struct hl_config_result *c,
                      const struct hl_ceilings *ceilings, struct hl_claims *out) {
    struct hl_say t = {0};
    struct hl_coexec_eff eff;
    if (hl_coexec_efficiency(e, c, ceilings, &eff) != 0)
        return;
    const struct hl_coexec *x = c->coexec;
    hl_say(&t, "%s (co-execution) took %s (%s).", c->label, hl_say_median(c), hl_say_interval(c));
    enum hl_verdict v = HL_VERDICT_UNKNOWN;
    if (eff.alone_known) {
        const struct hl_config_result *best = eff.alone[eff.fastest];
        struct hl_comparison cmp = hl_compare(c, best);
        v = cmp.verdict;
        hl_say(&t, " Against the fastest participant alone (%s, %s) joining %s: %.2fx.",
               best->label, hl_say_median(best),
               v == HL_VERDICT_WON    ? "paid"
               : v == HL_VERDICT_LOST ? "lost"
                                      : "made no clear difference (within the noise)",
               eff.gain);
        hl_say_fact(out, HL_CLAIM_COEXEC, &cmp);
    } else {
        hl_say(&t,
               " Not every participant ran alone in this invocation (missing: %s), so the gain "
               "over the fastest alone and the efficiency are unavailable; run them with it "
               "(-b A,B,A+B).",
               eff.missing);
    }
    struct hl_coexec_run st;
    say_shares(c, &t, &st);
    if (eff.alone_known)
        hl_say(&t,
               " Efficiency against the sum of the participants' speeds (EngineCL's measure): "
               "%.2f (%.2fx of an ideal %.2fx).",
               eff.efficiency, eff.gain, eff.s_max);
    if (eff.bound_known)
        hl_say(&t, " Against the shared-resource bound of the measured ceilings (%.3f ms): %.2f%s.",
               eff.t_bound * 1e3, eff.bound_efficiency,
               eff.bound_efficiency > 1 ? " (above 1: the ceilings, measured apart from these "
                                          "runs, understate this moment's bandwidth)"
                                        : "");
    else
        hl_say(&t, " The shared-resource bound is unavailable: %s.", eff.bound_why);
    say_why(e, x, &st, v, &t);
    hl_say_add(out, HL_CLAIM_COEXEC, &t);
}

void hl_claim_coexec(const struct hl_experiment_result *e, const struct hl_ceilings *ceilings,
                     struct hl_claims *out) {
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (c->coexec != NULL && hl_say_usable(c))
            claim_one(e, c, ceilings, out);
    }
}
