#include "report/report_claims.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model/backend_traits.h"
#include "report/report_roofline.h"
#include "util/text.h"

#define BEST_OF_MAX 160 /* " (label, 1.23x)" */

/* One claim's text, built sentence by sentence; cut when full. */
struct text {
    char buf[HL_CLAIM_TEXT_MAX];
    size_t len;
};

__attribute__((format(printf, 2, 3))) static void say(struct text *t, const char *fmt, ...) {
    if (t->len + 1 >= sizeof t->buf)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, sizeof t->buf - t->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len = t->len + (size_t)n < sizeof t->buf ? t->len + (size_t)n : sizeof t->buf - 1;
}

static void add(struct hl_claims *out, enum hl_claim_topic topic, const struct text *t) {
    if (out->n >= HL_CLAIMS_MAX || t->len == 0)
        return;
    out->items[out->n].topic = topic;
    snprintf(out->items[out->n].text, sizeof out->items[out->n].text, "%s", t->buf);
    out->n++;
}

/* Median wall time of c, formatted, in one of 4 rotating buffers: one
 * say() can hold up to 4 of them. */
static const char *med(const struct hl_config_result *c) {
    static _Thread_local char bufs[4][24];
    static _Thread_local int next;
    next = (next + 1) % 4;
    return hl_format_seconds(bufs[next], sizeof bufs[next], c->wall_s.median);
}

static const char *verdict_word(enum hl_verdict v, const char *won, const char *lost) {
    return v == HL_VERDICT_WON ? won : v == HL_VERDICT_LOST ? lost : "made no clear difference";
}

static bool usable(const struct hl_config_result *c) {
    return c->verified && c->nruns > 0 && c->wall_s.median > 0;
}

static void claim_fastest(const struct hl_experiment_result *e, const struct hl_finding *f,
                          struct hl_claims *out) {
    struct text t = {0};
    const struct hl_config_result *best = f->fastest;
    if (best == NULL) {
        say(&t, "No configuration ran and verified, so nothing here was measured.");
    } else if (best == f->serial) {
        const struct hl_config_result *next = NULL;
        for (size_t i = 0; i < e->nconfigs; i++) {
            const struct hl_config_result *c = &e->configs[i];
            if (c != best && usable(c) && (next == NULL || c->wall_s.median < next->wall_s.median))
                next = c;
        }
        say(&t, "serial was fastest at %s (median): no parallel configuration beat it.", med(best));
        if (next != NULL)
            say(&t, " The closest, %s, took %s (%.2fx serial).", next->label, med(next),
                best->wall_s.median / next->wall_s.median);
    } else if (f->serial != NULL) {
        say(&t, "%s was fastest at %s (median), %.2fx faster than serial (%s).", best->label,
            med(best), f->serial->wall_s.median / best->wall_s.median, med(f->serial));
    } else {
        say(&t,
            "%s was fastest at %s (median); without a verified serial run there is no "
            "speedup to give.",
            best->label, med(best));
    }
    add(out, HL_CLAIM_FASTEST, &t);
}

static void claim_bound(const struct hl_results *r, const struct hl_experiment_result *e,
                        const struct hl_finding *f, struct hl_claims *out) {
    struct text t = {0};
    const struct hl_config_result *s = f->serial;
    if (f->roofline) {
        /* The roofline (model/roofline.h): the fastest CPU configuration
         * against the ceilings that apply to it; each device's own place
         * is said with the device. */
        char sentence[HL_CLAIM_TEXT_MAX];
        if (f->cpu_roof.placed && (f->cpu_roof.limit != HL_ROOF_NONE || f->cpu_roof.startup_bound))
            hl_roofline_sentence(e, &f->cpu_roof, sentence, sizeof sentence);
        else
            hl_roofline_intensity_sentence(e, sentence, sizeof sentence);
        say(&t, "%s", sentence);
        add(out, HL_CLAIM_BOUND, &t);
        return;
    }
    double busy = f->serial_cpu_ratio * 100;
    if (f->bound == HL_BOUND_IO) {
        say(&t,
            "I/O-bound: serial used %.3g ms of CPU time in %s of wall time (%.1f%% busy): it "
            "spent its time waiting.",
            s->cpu_s.median * 1e3, med(s), busy);
        if (f->fastest != NULL && f->fastest->workers > r->cores && f->fastest->speedup > r->cores)
            say(&t,
                " So concurrency beyond the %d cores paid: %s ran up to %d tasks at once for "
                "%.2fx.",
                r->cores, f->fastest->label, f->fastest->workers, f->fastest->speedup);
    } else {
        say(&t,
            "Not clearly bound by one resource: %s has no place on a roofline (it does no "
            "arithmetic to speak of)",
            e->workload);
        if (!isnan(f->serial_cpu_ratio))
            say(&t,
                ", and serial's CPU time was %.0f%% of its wall time, not below the %.0f%% "
                "that marks waiting",
                busy, HL_BOUND_IO_CPU_RATIO_MAX * 100);
        say(&t, ".");
    }
    add(out, HL_CLAIM_BOUND, &t);
}

/* Threads or processes against serial, into t. */
static void claim_group(const struct hl_finding *f, const struct hl_config_result *best,
                        double speedup, const char *who, struct text *t) {
    if (best == NULL)
        return;
    switch (hl_verdict_of(speedup)) {
    case HL_VERDICT_WON:
        say(t, "%s won: %s took %s, %.2fx faster than serial.", who, best->label, med(best),
            speedup);
        break;
    case HL_VERDICT_LOST:
        say(t,
            "%s lost: the best of them, %s, took %s against serial's %s (%.2fx): slower "
            "than serial.",
            who, best->label, med(best), med(f->serial), speedup);
        break;
    case HL_VERDICT_EVEN:
        say(t,
            "%s made no clear difference: the best, %s, took %s, within %.0f%% of serial "
            "(%.2fx).",
            who, best->label, med(best), (HL_VERDICT_MARGIN - 1) * 100, speedup);
        break;
    case HL_VERDICT_UNKNOWN:
        say(t, "%s: the fastest was %s at %s; without serial there is no speedup.", who,
            best->label, med(best));
        break;
    }
}

/* Processes against threads at the same worker count (what fork() costs),
 * appended to t. */
static void claim_fork_vs_threads(const struct hl_experiment_result *e, const struct hl_finding *f,
                                  struct text *t) {
    const struct hl_config_result *p = f->best_process, *th = NULL;
    for (size_t i = 0; p != NULL && i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (usable(c) && hl_config_family(c) == HL_FAMILY_THREADS && c->workers == p->workers)
            th = c;
    }
    if (th == NULL)
        return;
    double ratio = p->wall_s.median / th->wall_s.median;
    char at[32];
    snprintf(at, sizeof at, "%d worker%s", p->workers, p->workers == 1 ? "" : "s");
    if (ratio >= HL_VERDICT_MARGIN)
        say(t, " At %s, processes took %.2fx as long as threads (%s %s, %s %s).", at, ratio,
            p->label, med(p), th->label, med(th));
    else if (ratio <= 1 / HL_VERDICT_MARGIN)
        say(t, " At %s, processes were %.2fx faster than threads (%s %s, %s %s).", at, 1 / ratio,
            p->label, med(p), th->label, med(th));
    else
        say(t, " At %s, processes and threads took about the same time (%s %s, %s %s).", at,
            p->label, med(p), th->label, med(th));
}

/* How a device configuration's host arrays reached it, in words. */
static const char *transfer_words(const char *mode) {
    if (mode == NULL)
        return NULL;
    if (strcmp(mode, "pageable") == 0)
        return "were copied to and from ordinary (pageable) host memory";
    if (strcmp(mode, "pinned") == 0)
        return "were copied to and from page-locked (pinned) host memory";
    if (strcmp(mode, "zero-copy") == 0)
        return "stayed in host memory, used in place (zero-copy: no copies)";
    return NULL;
}

/* The same device, the same experiment, in mode `mode`, or NULL. */
static const struct hl_device_finding *
same_device(const struct hl_finding *f, const struct hl_config_result *c, const char *mode) {
    for (size_t i = 0; i < f->ndevices; i++) {
        const struct hl_config_result *o = f->devices[i].config;
        if (o != c && o->transfer != NULL && strcmp(o->transfer, mode) == 0 && o->device != NULL &&
            c->device != NULL && strcmp(o->device, c->device) == 0 && o->workers == c->workers)
            return &f->devices[i];
    }
    return NULL;
}

/* Where pinned and pageable both ran on one device: what pinning gained,
 * the offload lesson in one sentence. */
static void claim_pinning(const struct hl_finding *f, struct hl_claims *out) {
    for (size_t i = 0; i < f->ndevices; i++) {
        const struct hl_device_finding *pinned = &f->devices[i];
        const struct hl_config_result *c = pinned->config;
        if (c->transfer == NULL || strcmp(c->transfer, "pinned") != 0)
            continue;
        const struct hl_device_finding *pageable = same_device(f, c, "pageable");
        if (pageable == NULL)
            continue;
        const struct hl_config_result *p = pageable->config;
        double ratio = p->wall_s.median / c->wall_s.median;
        struct text t = {0};
        if (ratio >= HL_VERDICT_MARGIN)
            say(&t, "Pinned host memory made %s %.2fx faster than pageable (%s, %s against %s).",
                c->device, ratio, c->label, med(c), med(p));
        else if (ratio <= 1 / HL_VERDICT_MARGIN)
            say(&t, "Pinned host memory made %s %.2fx slower than pageable (%s, %s against %s).",
                c->device, 1 / ratio, c->label, med(c), med(p));
        else
            say(&t,
                "Pinned and pageable host memory took about the same time on %s (%s, %s "
                "against %s): this device's copies do not depend on where the host arrays live.",
                c->device, c->label, med(c), med(p));
        if (!isnan(pinned->transfer_fraction) && !isnan(pageable->transfer_fraction))
            say(&t, " Transfers were %.0f%% of the task phase time pinned, %.0f%% pageable.",
                pinned->transfer_fraction * 100, pageable->transfer_fraction * 100);
        add(out, HL_CLAIM_OPENCL, &t);
    }
}

static void claim_devices(const struct hl_experiment_result *e, const struct hl_finding *f,
                          struct hl_claims *out) {
    for (size_t i = 0; i < f->ndevices; i++) {
        const struct hl_device_finding *d = &f->devices[i];
        const struct hl_config_result *c = d->config;
        struct text t = {0};
        say(&t, "%s (%s) ", c->label, c->device != NULL ? c->device : "OpenCL device");
        enum hl_verdict v = hl_verdict_of(d->speedup);
        if (v == HL_VERDICT_UNKNOWN)
            say(&t, "took %s; without serial there is no speedup.", med(c));
        else
            say(&t, "%s: %s, %.2fx serial.", verdict_word(v, "gained", "lost"), med(c), d->speedup);
        if (f->fastest_cpu != NULL)
            say(&t, " Against the fastest CPU configuration (%s, %s) it took %.2fx the time.",
                f->fastest_cpu->label, med(f->fastest_cpu),
                c->wall_s.median / f->fastest_cpu->wall_s.median);
        const char *how = transfer_words(c->transfer);
        if (how != NULL)
            say(&t, " Its host arrays %s.", how);
        if (!isnan(d->transfer_fraction))
            say(&t, " Transfers to and from the device were %.0f%% of its task phase time.",
                d->transfer_fraction * 100);
        if (c->setup_s > 0)
            say(&t, " Building its program took %.3f s, outside the timed runs.", c->setup_s);
        if (d->roof.placed && (d->roof.limit != HL_ROOF_NONE || d->roof.startup_bound)) {
            char sentence[HL_CLAIM_TEXT_MAX];
            hl_roofline_sentence(e, &d->roof, sentence, sizeof sentence);
            say(&t, " %s", sentence);
        }
        add(out, HL_CLAIM_OPENCL, &t);
    }
    claim_pinning(f, out);
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (!hl_config_on_device(c) || c->nruns > 0)
            continue;
        struct text t = {0};
        int first = c->note != NULL ? (int)strcspn(c->note, "\n") : 0;
        say(&t, "%s did not run: %.*s", c->label, first, c->note != NULL ? c->note : "no runs");
        add(out, HL_CLAIM_OPENCL, &t);
    }
}

static void claim_problems(const struct hl_experiment_result *e, struct hl_claims *out) {
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (c->verified || (hl_config_on_device(c) && c->nruns == 0))
            continue;
        struct text t = {0};
        const char *why = c->note;
        for (size_t k = 0; why == NULL && k < c->nruns; k++)
            why = c->runs[k].error;
        int first = why != NULL ? (int)strcspn(why, "\n") : 0;
        say(&t, "%s %s: %.*s", c->label, c->nruns > 0 ? "did NOT verify" : "did not run", first,
            why != NULL ? why : "no reason recorded");
        add(out, HL_CLAIM_PROBLEM, &t);
    }
}

/* " (pthread:2, 1.94x)" for a group's best, or "" when there is none. */
static const char *best_of(const struct hl_config_result *c, double speedup) {
    static _Thread_local char buf[2][BEST_OF_MAX];
    static _Thread_local int next;
    next = (next + 1) % 2;
    if (c == NULL || isnan(speedup))
        return "";
    snprintf(buf[next], sizeof buf[next], " (%s, %.2fx)", c->label, speedup);
    return buf[next];
}

static void notebook_square(const struct hl_experiment_result *e, const struct hl_finding *f,
                            struct text *t) {
    enum hl_verdict th = hl_verdict_of(f->thread_speedup), pr = hl_verdict_of(f->process_speedup);
    const struct hl_param *n = hl_experiment_param(e, "n");
    say(t, "The notebook concluded that parallelism hurts here and that one process is much "
           "faster, but its single-process timing (24.1 us) measured a lazy map object that "
           "computed nothing.");
    if (f->serial != NULL && n != NULL && n->type == HL_PARAM_INT)
        say(t, " Here serial computed and verified all %lld squares in %s.", (long long)n->i,
            med(f->serial));
    if (th == HL_VERDICT_WON)
        say(t, " Threads beat it%s: in C the notebook's conclusion does not hold here.",
            best_of(f->best_thread, f->thread_speedup));
    else if (th == HL_VERDICT_LOST)
        say(t, " Threads lost here too%s, though not to a GIL, which C does not have.",
            best_of(f->best_thread, f->thread_speedup));
    else if (th == HL_VERDICT_EVEN)
        say(t, " Threads made no clear difference here%s.",
            best_of(f->best_thread, f->thread_speedup));
    if (pr != HL_VERDICT_UNKNOWN)
        say(t, " Processes %s%s%s.", verdict_word(pr, "beat serial", "lost"),
            best_of(f->best_process, f->process_speedup),
            pr == HL_VERDICT_LOST ? ", as in the notebook" : "");
}

static void notebook_sum(const struct hl_results *r, const struct hl_finding *f, struct text *t) {
    enum hl_verdict th = hl_verdict_of(f->thread_speedup), pr = hl_verdict_of(f->process_speedup);
    say(t, "The notebook concluded that threads give this CPU-heavy loop no benefit because of "
           "Python's GIL, and that processes do.");
    if (th == HL_VERDICT_WON)
        say(t, " C has no GIL, and threads did speed it up%s.",
            best_of(f->best_thread, f->thread_speedup));
    else if (th != HL_VERDICT_UNKNOWN)
        say(t,
            " Threads did not speed it up here either%s, although C has no GIL (this machine "
            "gave hetlane %d cores).",
            best_of(f->best_thread, f->thread_speedup), r->cores);
    if (pr == HL_VERDICT_WON)
        say(t, " Processes sped it up, as in the notebook%s.",
            best_of(f->best_process, f->process_speedup));
    else if (pr != HL_VERDICT_UNKNOWN)
        say(t, " Processes did not pay here%s, unlike in the notebook.",
            best_of(f->best_process, f->process_speedup));
}

static void notebook_fetch(const struct hl_experiment_result *e, const struct hl_finding *f,
                           struct text *t) {
    enum hl_verdict th = hl_verdict_of(f->thread_speedup), pr = hl_verdict_of(f->process_speedup);
    say(t, "The notebook found threads and processes both much quicker than one thread at "
           "fetching, because the time goes to waiting on the server.");
    if (th == HL_VERDICT_WON && pr == HL_VERDICT_WON)
        say(t, " Measured here, the same: threads%s and processes%s both won.",
            best_of(f->best_thread, f->thread_speedup),
            best_of(f->best_process, f->process_speedup));
    else if (th != HL_VERDICT_UNKNOWN || pr != HL_VERDICT_UNKNOWN)
        say(t, " Measured here, not so: threads %s%s, processes %s%s.",
            verdict_word(th, "won", "lost"), best_of(f->best_thread, f->thread_speedup),
            verdict_word(pr, "won", "lost"), best_of(f->best_process, f->process_speedup));
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (usable(c) && hl_config_family(c) == HL_FAMILY_ASYNC_IO && !isnan(c->speedup))
            say(t,
                " Beyond the notebook: %s, one thread with up to %d transfers in flight, "
                "reached %.2fx serial.",
                c->label, c->workers, c->speedup);
    }
}

/* What the notebook concluded about the workload (a fact about the
 * notebook) and whether the measurements here agree. */
static void claim_notebook(const struct hl_results *r, const struct hl_experiment_result *e,
                           const struct hl_finding *f, struct hl_claims *out) {
    struct text t = {0};
    if (strcmp(e->workload, "square") == 0)
        notebook_square(e, f, &t);
    else if (strcmp(e->workload, "sum") == 0)
        notebook_sum(r, f, &t);
    else if (strcmp(e->workload, "fetch") == 0)
        notebook_fetch(e, f, &t);
    add(out, HL_CLAIM_NOTEBOOK, &t);
}

void hl_report_claims(const struct hl_results *r, const struct hl_experiment_result *e,
                      struct hl_claims *out) {
    memset(out, 0, sizeof *out);
    hl_analyse_experiment(r, e, &out->finding);
    const struct hl_finding *f = &out->finding;
    claim_fastest(e, f, out);
    if (f->fastest != NULL)
        claim_bound(r, e, f, out);
    struct text threads = {0}, processes = {0};
    claim_group(f, f->best_thread, f->thread_speedup, "Threads", &threads);
    add(out, HL_CLAIM_THREADS, &threads);
    claim_group(f, f->best_process, f->process_speedup, "Processes", &processes);
    claim_fork_vs_threads(e, f, &processes);
    add(out, HL_CLAIM_PROCESSES, &processes);
    claim_devices(e, f, out);
    claim_notebook(r, e, f, out);
    claim_problems(e, out);
}

const char *hl_claim_topic_name(enum hl_claim_topic topic) {
    static const char *const names[] = {"Fastest",
                                        "Bound",
                                        "Threads",
                                        "Processes",
                                        "OpenCL",
                                        "Notebook",
                                        "Not run or not verified"};
    return (unsigned)topic < sizeof names / sizeof names[0] ? names[topic] : "Other";
}
