/* No two sentences of one report contradict each other, over many result
 * sets: the real ones in tests/data (a 2-core demo and a 16-core + H100
 * demo), each doctored 80 ways (configurations made faster or
 * slower, their runs made noisy, single runs, runs that did not verify,
 * noise unknown as in older files), and synthetic experiments of every
 * workload. For each report:
 *   - every comparison stated twice states the same verdict, and clear
 *     wins chain (a beat b, b beat c: a never loses to or ties with c);
 *   - a settled fastest configuration is never said to lose or tie, and
 *     its family is said to have won (serial: no family won);
 *   - the words of Threads, Processes, OpenCL, Notebook and Fastest match
 *     the verdicts behind them, and never the opposite words;
 *   - compute-bound comes with threads or processes that won, and a bound
 *     within the noise says so. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "model/backend_traits.h"
#include "output/results_io.h"
#include "plot_fixture.h"
#include "report/report_claims.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static double uniform(void) { /* xorshift64*: reproducible everywhere */
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (double)((rng * 0x2545f4914f6cdd1dull) >> 11) / 9007199254740992.0;
}

static const char *what; /* the set being checked, for messages */
static long reports, facts_seen;

static const char *text_of(const struct hl_claims *cl, enum hl_claim_topic topic) {
    for (size_t i = 0; i < cl->n; i++) {
        if (cl->items[i].topic == topic)
            return cl->items[i].text;
    }
    return "";
}

#define SAYS(text, word) CHECKF(strstr(text, word) != NULL, "%s: '%s' lacks '%s'", what, text, word)
#define NEVER(text, word) CHECKF(strstr(text, word) == NULL, "%s: '%s' says '%s'", what, text, word)

static enum hl_verdict flip(enum hl_verdict v) {
    return v == HL_VERDICT_WON ? HL_VERDICT_LOST : v == HL_VERDICT_LOST ? HL_VERDICT_WON : v;
}

/* The verdict of a against b in the facts, or UNKNOWN; all must agree. */
static enum hl_verdict stated(const struct hl_claims *cl, const struct hl_config_result *a,
                              const struct hl_config_result *b) {
    enum hl_verdict v = HL_VERDICT_UNKNOWN;
    for (size_t i = 0; i < cl->nfacts; i++) {
        const struct hl_claim_fact *f = &cl->facts[i];
        enum hl_verdict here = f->a == a && f->b == b   ? f->verdict
                               : f->a == b && f->b == a ? flip(f->verdict)
                                                        : HL_VERDICT_UNKNOWN;
        if (here == HL_VERDICT_UNKNOWN)
            continue;
        CHECKF(v == HL_VERDICT_UNKNOWN || v == here, "%s: %s vs %s stated as %d and as %d", what,
               a->label, b->label, v, here);
        v = here;
    }
    return v;
}

static void check_facts(const struct hl_claims *cl) {
    facts_seen += (long)cl->nfacts;
    for (size_t i = 0; i < cl->nfacts; i++)
        stated(cl, cl->facts[i].a, cl->facts[i].b); /* agreement */
    /* Clear wins chain: a > b > c never with c >= a. */
    for (size_t i = 0; i < cl->nfacts; i++) {
        for (size_t j = 0; j < cl->nfacts; j++) {
            const struct hl_claim_fact *x = &cl->facts[i], *y = &cl->facts[j];
            const struct hl_config_result *a = x->verdict == HL_VERDICT_WON ? x->a : x->b;
            const struct hl_config_result *b = x->verdict == HL_VERDICT_WON ? x->b : x->a;
            if ((x->verdict != HL_VERDICT_WON && x->verdict != HL_VERDICT_LOST) ||
                (y->verdict != HL_VERDICT_WON && y->verdict != HL_VERDICT_LOST))
                continue;
            const struct hl_config_result *c = NULL;
            if (y->verdict == HL_VERDICT_WON && y->a == b)
                c = y->b;
            else if (y->verdict == HL_VERDICT_LOST && y->b == b)
                c = y->a;
            if (c == NULL || c == a)
                continue;
            enum hl_verdict ac = stated(cl, a, c);
            CHECKF(ac == HL_VERDICT_UNKNOWN || ac == HL_VERDICT_WON,
                   "%s: %s beat %s and %s beat %s, yet %s vs %s is %d", what, a->label, b->label,
                   b->label, c->label, a->label, c->label, ac);
        }
    }
}

/* The words a Threads/Processes claim uses for each verdict. */
static const char *group_words(enum hl_verdict v) {
    switch (v) {
    case HL_VERDICT_WON: return " won";
    case HL_VERDICT_LOST: return " lost";
    case HL_VERDICT_EVEN: return " made no clear difference";
    case HL_VERDICT_NOISE: return " were within the noise of serial";
    default: return NULL;
    }
}

static void check_group(const struct hl_claims *cl, enum hl_claim_topic topic, const char *who,
                        const struct hl_comparison *cmp) {
    const char *text = text_of(cl, topic);
    const char *want = group_words(cmp->verdict);
    if (cmp->a == NULL || want == NULL)
        return;
    char head[96];
    snprintf(head, sizeof head, "%s%s", who, want);
    CHECKF(strncmp(text, head, strlen(head)) == 0, "%s: '%s' should open with '%s'", what, text,
           head);
    static const enum hl_verdict all[] = {HL_VERDICT_WON, HL_VERDICT_LOST, HL_VERDICT_EVEN,
                                          HL_VERDICT_NOISE};
    for (size_t i = 0; i < 4; i++) {
        if (all[i] == cmp->verdict)
            continue;
        snprintf(head, sizeof head, "%s%s", who, group_words(all[i]));
        NEVER(text, head);
    }
    CHECK(stated(cl, cmp->a, cmp->b) == cmp->verdict);
    /* "within the noise" says why, as the numbers beside it show. */
    if (cmp->verdict == HL_VERDICT_NOISE)
        SAYS(text, cmp->lo <= 1 && cmp->hi >= 1 ? "these overlap" : "perhaps by less than");
}

static void check_notebook(const struct hl_experiment_result *e, const struct hl_claims *cl) {
    const struct hl_finding *f = &cl->finding;
    const char *nb = text_of(cl, HL_CLAIM_NOTEBOOK);
    enum hl_verdict th = f->threads.verdict, pr = f->processes.verdict;
    if (strcmp(e->workload, "sum") == 0) {
        if (th == HL_VERDICT_WON)
            SAYS(nb, "threads did speed it up");
        else
            NEVER(nb, "threads did speed it up");
        if (th == HL_VERDICT_LOST || th == HL_VERDICT_EVEN)
            SAYS(nb, "Threads did not speed it up");
        else
            NEVER(nb, "Threads did not speed it up");
        if (pr == HL_VERDICT_WON)
            SAYS(nb, "Processes sped it up");
        else
            NEVER(nb, "Processes sped it up");
        if (pr == HL_VERDICT_LOST || pr == HL_VERDICT_EVEN)
            SAYS(nb, "Processes did not pay");
        else
            NEVER(nb, "Processes did not pay");
    } else if (strcmp(e->workload, "square") == 0) {
        if (th == HL_VERDICT_WON)
            SAYS(nb, "Threads beat it");
        else
            NEVER(nb, "Threads beat it");
        if (th == HL_VERDICT_LOST)
            SAYS(nb, "Threads lost here too");
        else
            NEVER(nb, "Threads lost");
        if (pr == HL_VERDICT_WON)
            SAYS(nb, "Processes beat serial");
        else
            NEVER(nb, "Processes beat serial");
    } else if (strcmp(e->workload, "fetch") == 0) {
        if (th == HL_VERDICT_WON && pr == HL_VERDICT_WON)
            SAYS(nb, "both won");
        else
            NEVER(nb, "both won");
    }
    if (th == HL_VERDICT_NOISE)
        SAYS(nb, strcmp(e->workload, "fetch") == 0 ? "threads were within the noise"
                                                   : "Threads were within the noise");
    if (pr == HL_VERDICT_NOISE)
        SAYS(nb, strcmp(e->workload, "fetch") == 0 ? "processes were within the noise"
                                                   : "Processes were within the noise");
}

static void check_fastest(const struct hl_claims *cl) {
    const struct hl_finding *f = &cl->finding;
    const char *text = text_of(cl, HL_CLAIM_FASTEST);
    if (f->fastest == NULL)
        return;
    if (f->nties > 0) {
        SAYS(text, "within the noise of it");
        for (size_t i = 0; i < f->nties; i++)
            SAYS(text, f->ties[i].b->label);
        return;
    }
    NEVER(text, "within the noise");
    for (size_t i = 0; i < cl->nfacts; i++) {
        const struct hl_claim_fact *x = &cl->facts[i];
        if (x->a != f->fastest && x->b != f->fastest)
            continue;
        enum hl_verdict v = x->a == f->fastest ? x->verdict : flip(x->verdict);
        CHECKF(v == HL_VERDICT_WON, "%s: %s is the settled fastest, yet a sentence says %d vs %s",
               what, f->fastest->label, v, (x->a == f->fastest ? x->b : x->a)->label);
    }
    enum hl_backend_family fam = hl_config_family(f->fastest);
    if (f->serial == NULL)
        return; /* no verdict against serial to agree with */
    if (fam == HL_FAMILY_THREADS)
        CHECK(f->threads.verdict == HL_VERDICT_WON);
    if (fam == HL_FAMILY_PROCESSES)
        CHECK(f->processes.verdict == HL_VERDICT_WON);
    if (f->fastest == f->serial) {
        CHECK(f->threads.verdict != HL_VERDICT_WON && f->processes.verdict != HL_VERDICT_WON);
        for (size_t i = 0; i < f->ndevices; i++)
            CHECK(f->devices[i].vs_serial.verdict != HL_VERDICT_WON);
    }
}

static void check_devices(const struct hl_claims *cl) {
    const struct hl_finding *f = &cl->finding;
    for (size_t i = 0; i < f->ndevices; i++) {
        const struct hl_device_finding *d = &f->devices[i];
        const char *text = NULL;
        for (size_t k = 0; k < cl->n && text == NULL; k++) {
            if (cl->items[k].topic == HL_CLAIM_OPENCL &&
                strncmp(cl->items[k].text, d->config->label, strlen(d->config->label)) == 0)
                text = cl->items[k].text;
        }
        REQUIRE(text != NULL);
        static const char *const words[] = {[HL_VERDICT_WON] = ") gained:",
                                            [HL_VERDICT_LOST] = ") lost:",
                                            [HL_VERDICT_EVEN] = ") made no clear difference:",
                                            [HL_VERDICT_NOISE] = ") was within the noise of"};
        for (int v = HL_VERDICT_WON; v <= HL_VERDICT_NOISE; v++) {
            if (v == (int)d->vs_serial.verdict)
                SAYS(text, words[v]);
            else
                NEVER(text, words[v]);
        }
    }
}

static void check_bound(const struct hl_claims *cl) {
    const struct hl_finding *f = &cl->finding;
    const char *text = text_of(cl, HL_CLAIM_BOUND);
    if (f->bound == HL_BOUND_COMPUTE)
        CHECKF(f->threads.verdict == HL_VERDICT_WON || f->processes.verdict == HL_VERDICT_WON,
               "%s: compute-bound, yet neither threads nor processes won: %s", what, text);
    if (f->bound_noise)
        SAYS(text, "Within the noise of");
    else if (f->fastest != NULL)
        NEVER(text, "Within the noise");
    if (strstr(text, "concurrency beyond") != NULL)
        CHECK(f->nties == 0);
}

static void check_report(const struct hl_results *r, const struct hl_experiment_result *e) {
    static struct hl_claims cl;
    hl_report_claims(r, e, &cl);
    reports++;
    check_facts(&cl);
    check_fastest(&cl);
    check_group(&cl, HL_CLAIM_THREADS, "Threads", &cl.finding.threads);
    check_group(&cl, HL_CLAIM_PROCESSES, "Processes", &cl.finding.processes);
    check_notebook(e, &cl);
    check_devices(&cl);
    check_bound(&cl);
}

/* Scales c's runs by `factor`, each by up to +-jitter more; sometimes
 * fails one run or forgets the noise (an older file). */
static void doctor_config(struct hl_config_result *c, double factor, double jitter) {
    for (size_t k = 0; k < c->nruns; k++) {
        double j = 1 + jitter * (2 * uniform() - 1);
        c->runs[k].wall_s *= factor * j;
        c->runs[k].cpu_s *= factor * j * (uniform() < 0.1 ? 0.05 : 1);
    }
    if (c->nruns > 1 && uniform() < 0.05)
        c->runs[0].verified = false;
    hl_config_summarise(c);
    if (uniform() < 0.3)
        c->noise.known = false;
}

static void doctored(const char *path, int variants) {
    for (int v = 0; v < variants; v++) {
        struct hl_results r;
        struct hl_error err = {0};
        REQUIRE(hl_results_read_json(path, &r, &err) == 0);
        char name[600];
        snprintf(name, sizeof name, "%s, variant %d", path, v);
        what = name;
        for (size_t i = 0; i < r.nexperiments; i++) {
            struct hl_experiment_result *e = &r.experiments[i];
            if (v > 0) { /* variant 0: the file as it is */
                for (size_t c = 0; c < e->nconfigs; c++) {
                    if (e->configs[c].nruns > 0 && uniform() < 0.6)
                        doctor_config(&e->configs[c], exp(2 * uniform() - 1),
                                      uniform() < 0.5 ? 0.6 * uniform() : 0);
                }
                hl_experiment_speedups(e);
            }
            check_report(&r, e);
        }
        hl_results_free(&r);
    }
}

/* A random experiment of `workload` with random configs, run counts,
 * times and spreads. */
static void synthetic(int sets) {
    static const char *const workloads[] = {"square", "sum", "fetch"};
    static const struct {
        const char *label, *backend;
        int workers;
    } kinds[] = {{"serial", "serial", 1},
                 {"pthread:1", "pthread", 1},
                 {"pthread:2", "pthread", 2},
                 {"pthread:4", "pthread", 4},
                 {"fork:2", "fork", 2},
                 {"fork:4", "fork", 4},
                 {"opencl:0:0", "opencl", 2},
                 {"opencl:1:0", "opencl", 2},
                 {"curl-multi:8", "curl-multi", 8}};
    for (int s = 0; s < sets; s++) {
        struct hl_results r;
        const char *w = workloads[s % 3];
        struct hl_experiment_result *e = fixture_begin(&r, w);
        if (uniform() < 0.5)
            r.copy.gbs[1] = r.copy.gbs[2] = r.copy.gbs[4] = 1 + 60 * uniform();
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
            if (uniform() < (k == 0 ? 0.1 : 0.4))
                continue;
            size_t nruns = 1 + (size_t)(uniform() * (uniform() < 0.5 ? 5 : 30));
            double base = 0.002 * exp(3 * uniform()), walls[40];
            double jitter = uniform() < 0.4 ? 0 : 0.8 * uniform() * uniform();
            for (size_t i = 0; i < nruns; i++)
                walls[i] = base * (1 + jitter * uniform());
            struct hl_config_result *c = fixture_config(
                e, kinds[k].label, kinds[k].backend, kinds[k].workers, 4, MS, MS / 2, nruns, walls);
            double busy = strcmp(w, "fetch") == 0 ? 0.02 : 0.5 + uniform();
            for (size_t i = 0; i < nruns; i++) {
                c->runs[i].cpu_s = walls[i] * busy * kinds[k].workers;
                for (size_t t = 0; t < c->runs[i].ntasks; t++)
                    c->runs[i].tasks[t].bytes = strcmp(w, "square") == 0 ? 24000000 : 0;
            }
            if (strcmp(kinds[k].backend, "opencl") == 0)
                c->device = strdup("Test device");
        }
        fixture_finish(e);
        char name[64];
        snprintf(name, sizeof name, "synthetic set %d (%s)", s, w);
        what = name;
        check_report(&r, e);
        hl_results_free(&r);
    }
}

/* A case the random sets rarely hit: pthread:2 clearly beats serial
 * (narrow intervals, 1.9x), while pthread:4 has the lower median but runs
 * so spread that they overlap serial's. "Threads won" must cite the clear
 * win, so that it agrees with the compute-bound claim. */
static void pinned_case(void) {
    struct hl_results r;
    struct hl_experiment_result *e = fixture_begin(&r, "sum");
    double serial[9], two[9], four[9];
    for (int i = 0; i < 9; i++) {
        serial[i] = 0.010 * (1 + 0.001 * i);
        two[i] = 0.0052 * (1 + 0.001 * i);
        four[i] = i < 5 ? 0.004 : 0.012; /* median 4 ms, interval up to serial's */
    }
    fixture_config(e, "serial", "serial", 1, 4, MS, MS / 2, 9, serial);
    fixture_config(e, "pthread:2", "pthread", 2, 4, MS, MS / 2, 9, two);
    fixture_config(e, "pthread:4", "pthread", 4, 4, MS, MS / 2, 9, four);
    fixture_finish(e);
    /* Measured ceilings: sum moves no bytes, so the add ceiling bounds it
     * (the floors are far below its runs). */
    hl_ceilings_clear(&r.ceilings);
    r.ceilings.measured = true;
    r.ceilings.cpu.threads = r.ceilings.cpu.cores = 4;
    for (int w = 1; w <= 4; w++) {
        r.ceilings.cpu.add_gops[w] = 10.0 * w;
        r.ceilings.cpu.thread_floor_s[w] = r.ceilings.cpu.fork_floor_s[w] = 20e-6 * w;
    }
    what = "pinned case";
    static struct hl_claims cl;
    hl_report_claims(&r, e, &cl);
    CHECK(cl.finding.best_thread == &e->configs[2]);
    CHECK(cl.finding.bound == HL_BOUND_COMPUTE);
    CHECK(cl.finding.threads.verdict == HL_VERDICT_WON && cl.finding.threads.a == &e->configs[1]);
    SAYS(text_of(&cl, HL_CLAIM_THREADS), "Threads won: pthread:2");
    SAYS(text_of(&cl, HL_CLAIM_FASTEST), "within the noise of it");
    check_report(&r, e);
    hl_results_free(&r);
}

int main(int argc, char **argv) {
    pinned_case();
    REQUIRE(argc == 2); /* tests/data */
    static const char *const files[] = {"demo-quick-2core.json", "h100-16core.json"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", argv[1], files[i]);
        doctored(path, 80);
    }
    synthetic(1500);
    printf("test_report_consistency: %ld reports, %ld stated comparisons, checked\n", reports,
           facts_seen);
    return check_finish("test_report_consistency");
}
