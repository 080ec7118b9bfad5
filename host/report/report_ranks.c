/* The Ranks conclusion of an mpi:SPEC configuration (backends/mpi): how
 * the tasks spread over the ranks (each rank's tasks and task time, the
 * slowest and fastest rank, skew = (max - min) / max), whether the extra
 * ranks paid against SPEC alone in the same experiment (or serial), and
 * what moving data between ranks cost: the scatter and gather phases'
 * time and bytes. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "model/backend_traits.h"
#include "model/results_pick.h"
#include "report/report_say.h"
#include "util/alloc.h"
#include "util/text.h"

struct rank_load {
    int64_t tasks;
    double task_s; /* summed task time, its scatter and gather included */
};

/* The configuration c runs alone: "pthread:2" for "mpi:pthread:2". */
static const struct hl_config_result *alone(const struct hl_experiment_result *e,
                                            const struct hl_config_result *c) {
    const char *spec = c->label + strlen("mpi:");
    for (size_t i = 0; i < e->nconfigs; i++) {
        if (strcmp(e->configs[i].label, spec) == 0 && hl_say_usable(&e->configs[i]))
            return &e->configs[i];
    }
    return NULL;
}

static void say_load(struct hl_say *t, const struct hl_results *r, const struct rank_load *load,
                     int ranks) {
    int slow = 0, fast = 0;
    for (int k = 0; k < ranks; k++) {
        slow = load[k].task_s > load[slow].task_s ? k : slow;
        fast = load[k].task_s < load[fast].task_s ? k : fast;
    }
    for (int k = 0; k < ranks && k < 16; k++) {
        char s[24];
        hl_say(t, "%srank %d %" PRId64 " task%s, %s", k > 0 ? "; " : "", k, load[k].tasks,
               load[k].tasks == 1 ? "" : "s", hl_format_seconds(s, sizeof s, load[k].task_s));
    }
    if (ranks > 16)
        hl_say(t, "; ... (%d ranks)", ranks);
    char hi[24], lo[24];
    double skew =
        load[slow].task_s > 0 ? (load[slow].task_s - load[fast].task_s) / load[slow].task_s : 0;
    hl_say(t, ". Slowest rank %d%s%s%s (%s of task time), fastest rank %d (%s): skew %.0f%%.", slow,
           (size_t)slow < r->nranks ? " (host " : "",
           (size_t)slow < r->nranks ? r->ranks[slow].host : "", (size_t)slow < r->nranks ? ")" : "",
           hl_format_seconds(hi, sizeof hi, load[slow].task_s), fast,
           hl_format_seconds(lo, sizeof lo, load[fast].task_s), skew * 100);
}

static void say_paid(struct hl_say *t, const struct hl_experiment_result *e,
                     const struct hl_config_result *c, int ranks, struct hl_claims *out) {
    const struct hl_config_result *base = alone(e, c);
    const char *what = "on one rank";
    if (base == NULL) {
        for (size_t i = 0; i < e->nconfigs && base == NULL; i++) {
            if (hl_config_is_baseline(&e->configs[i]) && hl_say_usable(&e->configs[i]))
                base = &e->configs[i];
        }
        what = "serial, one core";
    }
    if (base == NULL) {
        hl_say(t,
               " Whether the extra ranks paid is not known: the experiment has neither %s "
               "alone nor serial to compare with.",
               c->label + strlen("mpi:"));
        return;
    }
    struct hl_comparison cmp = hl_compare(c, base);
    double eff = cmp.ratio / ranks;
    hl_say(t, " Against %s (%s, %s): %.2fx on %d ranks, parallel efficiency %.0f%%: ", base->label,
           what, hl_say_median(base), cmp.ratio, ranks, eff * 100);
    if (cmp.verdict == HL_VERDICT_WON)
        hl_say(t, "the extra ranks paid (%s, %s against %s).", hl_say_median(c), hl_say_interval(c),
               hl_say_interval(base));
    else if (cmp.verdict == HL_VERDICT_LOST)
        hl_say(t, "the extra ranks did not pay: it ran slower (%s, %s against %s).",
               hl_say_median(c), hl_say_interval(c), hl_say_interval(base));
    else if (cmp.verdict == HL_VERDICT_EVEN)
        hl_say(t, "no clear difference (within 5%%: %s against %s).", hl_say_interval(c),
               hl_say_interval(base));
    else
        hl_say(t, "no clear gain; the difference is within the noise (%s against %s).",
               hl_say_interval(c), hl_say_interval(base));
    hl_say_fact(out, HL_CLAIM_RANKS, &cmp);
}

static void claim_one(const struct hl_results *r, const struct hl_experiment_result *e,
                      const struct hl_config_result *c, struct hl_claims *out) {
    size_t median;
    if (hl_results_median_run(c, &median) != 0)
        return;
    const struct hl_run_result *run = &c->runs[median];
    int ranks = 1;
    for (size_t i = 0; i < run->ntasks; i++)
        ranks = run->tasks[i].rank + 1 > ranks ? run->tasks[i].rank + 1 : ranks;
    ranks = r->nranks > (size_t)ranks ? (int)r->nranks : ranks;
    struct rank_load *load = hl_calloc((size_t)ranks, sizeof *load);
    if (load == NULL)
        return;
    double comm_s = 0;
    int64_t comm_bytes = 0;
    for (size_t i = 0; i < run->ntasks; i++) {
        const struct hl_task_record *task = &run->tasks[i];
        if (task->worker < 0)
            continue;
        /* A join's record is a chunk of hi - lo tasks. */
        load[task->rank].tasks += task->hi > task->lo ? task->hi - task->lo : 1;
        load[task->rank].task_s += (double)(task->t1_ns - task->t0_ns) * 1e-9;
        comm_bytes += task->comm_bytes;
        for (int p = 0; p < task->nphases; p++) {
            const struct hl_phase *ph = &task->phases[p];
            if (ph->kind == HL_PHASE_SCATTER || ph->kind == HL_PHASE_GATHER)
                comm_s += (double)(ph->t1_ns - ph->t0_ns) * 1e-9;
        }
    }
    struct hl_say t = {0};
    hl_say(&t, "%s ran on %d rank%s (median run, %s): ", c->label, ranks, ranks == 1 ? "" : "s",
           hl_say_median(c));
    say_load(&t, r, load, ranks);
    say_paid(&t, e, c, ranks, out);
    char s[24], w[24];
    hl_say(&t,
           " Moving data between ranks (scatter of inputs, gather of outputs and records) took "
           "%s summed over the ranks (%.0f%% of the %s run) and %.2f MB.",
           hl_format_seconds(s, sizeof s, comm_s), run->wall_s > 0 ? comm_s / run->wall_s * 100 : 0,
           hl_format_seconds(w, sizeof w, run->wall_s), (double)comm_bytes / 1e6);
    hl_say_add(out, HL_CLAIM_RANKS, &t);
    free(load);
}

void hl_claim_ranks(const struct hl_results *r, const struct hl_experiment_result *e,
                    struct hl_claims *out) {
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (hl_config_family(c) == HL_FAMILY_RANKS && hl_say_usable(c) &&
            strncmp(c->label, "mpi:", 4) == 0)
            claim_one(r, e, c, out);
    }
}
