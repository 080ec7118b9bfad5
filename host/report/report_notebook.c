/* What the notebook concluded about each workload (a fact about the
 * notebook) and whether the measurements here agree: the verdicts are
 * the Threads and Processes claims' own (report_analysis.h), so the two
 * can never disagree, and a verdict within the noise neither confirms nor
 * refutes the notebook. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/backend_traits.h"
#include "report/report_say.h"

#define BEST_OF_MAX 160 /* " (label, 1.23x)" */

/* " (pthread:2, 1.94x)" for a group's best, or "" when there is none. */
static const char *best_of(const struct hl_comparison *cmp) {
    static _Thread_local char buf[2][BEST_OF_MAX];
    static _Thread_local int next;
    next = (next + 1) % 2;
    if (cmp->a == NULL || isnan(cmp->ratio))
        return "";
    snprintf(buf[next], sizeof buf[next], " (%s, %.2fx)", cmp->a->label, cmp->ratio);
    return buf[next];
}

/* " Threads were within the noise of serial here (...): this run neither
 * confirms nor refutes it." */
static void say_unsettled(struct hl_say *t, const char *who, const struct hl_comparison *cmp) {
    hl_say(t,
           " %s were within the noise of serial here%s: this run neither confirms nor refutes it.",
           who, best_of(cmp));
}

static void notebook_square(const struct hl_experiment_result *e, const struct hl_finding *f,
                            struct hl_say *t, struct hl_claims *out) {
    enum hl_verdict th = f->threads.verdict, pr = f->processes.verdict;
    const struct hl_param *n = hl_experiment_param(e, "n");
    hl_say(t, "The notebook concluded that parallelism hurts here and that one process is much "
              "faster, but its single-process timing (24.1 us) measured a lazy map object that "
              "computed nothing.");
    if (f->serial != NULL && n != NULL && n->type == HL_PARAM_INT)
        hl_say(t, " Here serial computed and verified all %lld squares in %s.", (long long)n->i,
               hl_say_median(f->serial));
    if (th == HL_VERDICT_WON)
        hl_say(t, " Threads beat it%s: in C the notebook's conclusion does not hold here.",
               best_of(&f->threads));
    else if (th == HL_VERDICT_LOST)
        hl_say(t, " Threads lost here too%s, though not to a GIL, which C does not have.",
               best_of(&f->threads));
    else if (th == HL_VERDICT_EVEN)
        hl_say(t, " Threads made no clear difference here%s.", best_of(&f->threads));
    else if (th == HL_VERDICT_NOISE)
        say_unsettled(t, "Threads", &f->threads);
    if (pr == HL_VERDICT_NOISE)
        say_unsettled(t, "Processes", &f->processes);
    else if (pr != HL_VERDICT_UNKNOWN)
        hl_say(t, " Processes %s%s%s.",
               pr == HL_VERDICT_WON    ? "beat serial"
               : pr == HL_VERDICT_LOST ? "lost"
                                       : "made no clear difference",
               best_of(&f->processes), pr == HL_VERDICT_LOST ? ", as in the notebook" : "");
    hl_say_fact(out, HL_CLAIM_NOTEBOOK, &f->threads);
    hl_say_fact(out, HL_CLAIM_NOTEBOOK, &f->processes);
}

static void notebook_sum(const struct hl_results *r, const struct hl_finding *f, struct hl_say *t,
                         struct hl_claims *out) {
    enum hl_verdict th = f->threads.verdict, pr = f->processes.verdict;
    hl_say(t, "The notebook concluded that threads give this CPU-heavy loop no benefit because "
              "of Python's GIL, and that processes do.");
    if (th == HL_VERDICT_WON)
        hl_say(t, " C has no GIL, and threads did speed it up%s.", best_of(&f->threads));
    else if (th == HL_VERDICT_NOISE)
        say_unsettled(t, "Threads", &f->threads);
    else if (th != HL_VERDICT_UNKNOWN)
        hl_say(t,
               " Threads did not speed it up here either%s, although C has no GIL (this "
               "machine gave hetlane %d cores).",
               best_of(&f->threads), r->cores);
    if (pr == HL_VERDICT_WON)
        hl_say(t, " Processes sped it up, as in the notebook%s.", best_of(&f->processes));
    else if (pr == HL_VERDICT_NOISE)
        say_unsettled(t, "Processes", &f->processes);
    else if (pr != HL_VERDICT_UNKNOWN)
        hl_say(t, " Processes did not pay here%s, unlike in the notebook.", best_of(&f->processes));
    hl_say_fact(out, HL_CLAIM_NOTEBOOK, &f->threads);
    hl_say_fact(out, HL_CLAIM_NOTEBOOK, &f->processes);
}

static const char *fetch_word(enum hl_verdict v) {
    switch (v) {
    case HL_VERDICT_WON: return "won";
    case HL_VERDICT_LOST: return "lost";
    case HL_VERDICT_NOISE: return "were within the noise of serial";
    default: return "made no clear difference";
    }
}

static void notebook_fetch(const struct hl_experiment_result *e, const struct hl_finding *f,
                           struct hl_say *t, struct hl_claims *out) {
    enum hl_verdict th = f->threads.verdict, pr = f->processes.verdict;
    hl_say(t, "The notebook found threads and processes both much quicker than one thread at "
              "fetching, because the time goes to waiting on the server.");
    if (th == HL_VERDICT_WON && pr == HL_VERDICT_WON)
        hl_say(t, " Measured here, the same: threads%s and processes%s both won.",
               best_of(&f->threads), best_of(&f->processes));
    else if (th != HL_VERDICT_UNKNOWN || pr != HL_VERDICT_UNKNOWN)
        hl_say(t, " Measured here, not so: threads %s%s, processes %s%s.", fetch_word(th),
               best_of(&f->threads), fetch_word(pr), best_of(&f->processes));
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (hl_say_usable(c) && hl_config_family(c) == HL_FAMILY_ASYNC_IO && !isnan(c->speedup))
            hl_say(t,
                   " Beyond the notebook: %s, one thread with up to %d transfers in flight, "
                   "reached %.2fx serial.",
                   c->label, c->workers, c->speedup);
    }
    hl_say_fact(out, HL_CLAIM_NOTEBOOK, &f->threads);
    hl_say_fact(out, HL_CLAIM_NOTEBOOK, &f->processes);
}

void hl_claim_notebook(const struct hl_results *r, const struct hl_experiment_result *e,
                       const struct hl_finding *f, struct hl_claims *out) {
    struct hl_say t = {0};
    if (strcmp(e->workload, "square") == 0)
        notebook_square(e, f, &t, out);
    else if (strcmp(e->workload, "sum") == 0)
        notebook_sum(r, f, &t, out);
    else if (strcmp(e->workload, "fetch") == 0)
        notebook_fetch(e, f, &t, out);
    hl_say_add(out, HL_CLAIM_NOTEBOOK, &t);
}
