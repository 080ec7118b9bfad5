#include "report/report_claims.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/backend_traits.h"
#include "report/report_coexec.h"
#include "report/report_roofline.h"
#include "report/report_say.h"

/* Why a comparison is within the noise, as the numbers beside it show. */
static const char *noise_why(const struct hl_comparison *cmp) {
    return cmp->lo <= 1 && cmp->hi >= 1 ? "these overlap"
                                        : "these are apart, but perhaps by less than 5%";
}

static const char *verdict_word(enum hl_verdict v, const char *won, const char *lost) {
    return v == HL_VERDICT_WON ? won : v == HL_VERDICT_LOST ? lost : "made no clear difference";
}

/* The configs the fastest did not clearly beat, with their medians:
 * "opencl:0:0 (1.472 ms) and pthread:4 (1.540 ms)". */
static void say_ties(struct hl_say *t, const struct hl_finding *f) {
    for (size_t i = 0; i < f->nties; i++) {
        const struct hl_config_result *c = f->ties[i].b;
        hl_say(t, "%s%s (%s)",
               i == 0              ? ""
               : i + 1 == f->nties ? " and "
                                   : ", ",
               c->label, hl_say_median(c));
    }
}

static void claim_fastest(const struct hl_experiment_result *e, const struct hl_finding *f,
                          struct hl_claims *out) {
    struct hl_say t = {0};
    const struct hl_config_result *best = f->fastest;
    if (best == NULL) {
        hl_say(&t, "No configuration ran and verified, so nothing here was measured.");
    } else if (best == f->serial) {
        const struct hl_config_result *next = NULL;
        for (size_t i = 0; i < e->nconfigs; i++) {
            const struct hl_config_result *c = &e->configs[i];
            if (c != best && hl_say_usable(c) &&
                (next == NULL || c->wall_s.median < next->wall_s.median))
                next = c;
        }
        hl_say(&t, "serial was fastest at %s (median): no parallel configuration %s it.",
               hl_say_median(best), f->nties > 0 ? "clearly beat" : "beat");
        if (next != NULL)
            hl_say(&t, " The closest, %s, took %s (%.2fx serial).", next->label,
                   hl_say_median(next), best->wall_s.median / next->wall_s.median);
    } else if (f->serial != NULL) {
        hl_say(&t, "%s was fastest at %s (median), %.2fx faster than serial (%s).", best->label,
               hl_say_median(best), f->serial->wall_s.median / best->wall_s.median,
               hl_say_median(f->serial));
    } else {
        hl_say(&t,
               "%s was fastest at %s (median); without a verified serial run there is no "
               "speedup to give.",
               best->label, hl_say_median(best));
    }
    if (best != NULL && f->nties > 0) {
        hl_say(&t, " But ");
        say_ties(&t, f);
        hl_say(&t,
               " %s within the noise of it (the intervals of the medians, or a noisy "
               "configuration's fastest to slowest runs, overlap, or the gap may be under "
               "%.0f%%): which is fastest is not settled.",
               f->nties == 1 ? "is" : "are", (HL_VERDICT_MARGIN - 1) * 100);
    }
    for (size_t i = 0; i < f->nties; i++)
        hl_say_fact(out, HL_CLAIM_FASTEST, &f->ties[i]);
    hl_say_add(out, HL_CLAIM_FASTEST, &t);
}

/* Where the start-up floor sits at one end of the fastest's median
 * interval and not at the other: say both ends, never pick one. */
static void say_bound_noise(const struct hl_finding *f, struct hl_say *t) {
    const struct hl_roof_point *p = &f->bound_roof;
    const struct hl_config_result *c = f->fastest;
    hl_say(t,
           "Within the noise of start-up-bound: %s's start-up floor of %.3g ms is %.0f%% of its "
           "median run (%s; %.0f%% or more makes a run start-up-bound), but over the median's "
           "interval (%s) it is %.0f%% to %.0f%%.",
           c->label, p->floor_s * 1e3, p->floor_s / c->wall_s.median * 100, hl_say_median(c),
           HL_STARTUP_NEAR * 100, hl_say_interval(c), p->floor_s / c->wall_s.max * 100,
           p->floor_s / c->wall_s.min * 100);
    hl_say(t, " More runs on a quieter machine would settle it.");
}

static void claim_bound(const struct hl_results *r, const struct hl_experiment_result *e,
                        const struct hl_finding *f, struct hl_claims *out) {
    struct hl_say t = {0};
    const struct hl_config_result *s = f->serial;
    if (f->roofline) {
        /* The roofline (model/roofline.h): the fastest CPU configuration
         * against the ceilings that apply to it; each device's own place
         * is said with the device. */
        if (f->bound_noise)
            say_bound_noise(f, &t);
        else {
            char sentence[HL_CLAIM_TEXT_MAX];
            if (f->cpu_roof.placed &&
                (f->cpu_roof.limit != HL_ROOF_NONE || f->cpu_roof.startup_bound))
                hl_roofline_sentence(e, &f->cpu_roof, sentence, sizeof sentence);
            else
                hl_roofline_intensity_sentence(e, sentence, sizeof sentence);
            hl_say(&t, "%s", sentence);
        }
        hl_say_add(out, HL_CLAIM_BOUND, &t);
        return;
    }
    double busy = f->serial_cpu_ratio * 100;
    if (f->bound == HL_BOUND_IO) {
        hl_say(&t,
               "I/O-bound: serial used %.3g ms of CPU time in %s of wall time (%.1f%% busy): it "
               "spent its time waiting.",
               s->cpu_s.median * 1e3, hl_say_median(s), busy);
        if (f->fastest != NULL && f->nties == 0 && f->fastest->workers > r->cores &&
            f->fastest->speedup > r->cores)
            hl_say(&t,
                   " So concurrency beyond the %d cores paid: %s ran up to %d tasks at once for "
                   "%.2fx.",
                   r->cores, f->fastest->label, f->fastest->workers, f->fastest->speedup);
    } else {
        hl_say(&t,
               "Not clearly bound by one resource: %s has no place on a roofline (it does no "
               "arithmetic to speak of)",
               e->workload);
        if (!isnan(f->serial_cpu_ratio))
            hl_say(&t,
                   ", and serial's CPU time was %.0f%% of its wall time, not below the %.0f%% "
                   "that marks waiting",
                   busy, HL_BOUND_IO_CPU_RATIO_MAX * 100);
        hl_say(&t, ".");
    }
    hl_say_add(out, HL_CLAIM_BOUND, &t);
}

/* Threads or processes against serial (cmp: the group's best vs serial),
 * into t. */
static void claim_group(const struct hl_finding *f, const struct hl_comparison *cmp,
                        const char *who, enum hl_claim_topic topic, struct hl_say *t,
                        struct hl_claims *out) {
    const struct hl_config_result *best = cmp->a;
    if (best == NULL)
        return;
    switch (cmp->verdict) {
    case HL_VERDICT_WON:
        hl_say(t, "%s won: %s took %s, %.2fx faster than serial.", who, best->label,
               hl_say_median(best), cmp->ratio);
        break;
    case HL_VERDICT_LOST:
        hl_say(t,
               "%s lost: the best of them, %s, took %s against serial's %s (%.2fx): slower "
               "than serial.",
               who, best->label, hl_say_median(best), hl_say_median(f->serial), cmp->ratio);
        break;
    case HL_VERDICT_EVEN:
        hl_say(t,
               "%s made no clear difference: the best, %s, took %s, within %.0f%% of serial "
               "(%.2fx).",
               who, best->label, hl_say_median(best), (HL_VERDICT_MARGIN - 1) * 100, cmp->ratio);
        break;
    case HL_VERDICT_NOISE:
        hl_say(t,
               "%s were within the noise of serial: the best, %s, took %s (%s) against serial's "
               "%s (%s), %.2fx; %s, so neither a win nor a loss can be claimed.",
               who, best->label, hl_say_median(best), hl_say_interval(best),
               hl_say_median(f->serial), hl_say_interval(f->serial), cmp->ratio, noise_why(cmp));
        break;
    case HL_VERDICT_UNKNOWN:
        hl_say(t, "%s: the fastest was %s at %s; without serial there is no speedup.", who,
               best->label, hl_say_median(best));
        break;
    }
    hl_say_fact(out, topic, cmp);
}

/* Processes against threads at the same worker count (what fork() costs),
 * appended to t. */
static void claim_fork_vs_threads(const struct hl_experiment_result *e, const struct hl_finding *f,
                                  struct hl_say *t, struct hl_claims *out) {
    const struct hl_config_result *p = f->best_process, *th = NULL;
    for (size_t i = 0; p != NULL && i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (hl_say_usable(c) && hl_config_family(c) == HL_FAMILY_THREADS &&
            c->workers == p->workers)
            th = c;
    }
    if (th == NULL)
        return;
    struct hl_comparison cmp = hl_compare(th, p); /* WON: threads faster */
    char at[32];
    snprintf(at, sizeof at, "%d worker%s", p->workers, p->workers == 1 ? "" : "s");
    const char *pm = hl_say_median(p), *tm = hl_say_median(th);
    if (cmp.verdict == HL_VERDICT_WON)
        hl_say(t, " At %s, processes took %.2fx as long as threads (%s %s, %s %s).", at, cmp.ratio,
               p->label, pm, th->label, tm);
    else if (cmp.verdict == HL_VERDICT_LOST)
        hl_say(t, " At %s, processes were %.2fx faster than threads (%s %s, %s %s).", at,
               1 / cmp.ratio, p->label, pm, th->label, tm);
    else if (cmp.verdict == HL_VERDICT_EVEN)
        hl_say(t, " At %s, processes and threads took about the same time (%s %s, %s %s).", at,
               p->label, pm, th->label, tm);
    else
        hl_say(t,
               " At %s, processes and threads were within the noise of each other (%s %s, "
               "%s; %s %s, %s).",
               at, p->label, pm, hl_say_interval(p), th->label, tm, hl_say_interval(th));
    hl_say_fact(out, HL_CLAIM_PROCESSES, &cmp);
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

static void claim_device(const struct hl_experiment_result *e, const struct hl_finding *f,
                         const struct hl_device_finding *d, struct hl_claims *out) {
    const struct hl_config_result *c = d->config;
    const struct hl_comparison *v = &d->vs_serial;
    struct hl_say t = {0};
    hl_say(&t, "%s (%s) ", c->label, c->device != NULL ? c->device : "OpenCL device");
    if (v->verdict == HL_VERDICT_UNKNOWN)
        hl_say(&t, "took %s; without serial there is no speedup.", hl_say_median(c));
    else if (v->verdict == HL_VERDICT_NOISE)
        hl_say(&t,
               "was within the noise of serial: %s (%s) against serial's %s (%s), "
               "%.2fx.",
               hl_say_median(c), hl_say_interval(c), hl_say_median(f->serial),
               hl_say_interval(f->serial), v->ratio);
    else
        hl_say(&t, "%s: %s, %.2fx serial.", verdict_word(v->verdict, "gained", "lost"),
               hl_say_median(c), v->ratio);
    hl_say_fact(out, HL_CLAIM_OPENCL, v);
    if (f->fastest_cpu != NULL) {
        struct hl_comparison cpu = hl_compare(c, f->fastest_cpu);
        hl_say(&t, " Against the fastest CPU configuration (%s, %s) it took %.2fx the time%s.",
               f->fastest_cpu->label, hl_say_median(f->fastest_cpu), 1 / cpu.ratio,
               cpu.verdict == HL_VERDICT_NOISE  ? ", within the noise"
               : cpu.verdict == HL_VERDICT_EVEN ? ", about the same"
                                                : "");
        hl_say_fact(out, HL_CLAIM_OPENCL, &cpu);
    }
    const char *how = transfer_words(c->transfer);
    if (how != NULL)
        hl_say(&t, " Its host arrays %s.", how);
    if (!isnan(d->transfer_fraction))
        hl_say(&t, " Transfers to and from the device were %.0f%% of its task phase time.",
               d->transfer_fraction * 100);
    if (c->setup_s > 0)
        hl_say(&t, " Building its program took %.3f s, outside the timed runs.", c->setup_s);
    if (d->roof.placed && (d->roof.limit != HL_ROOF_NONE || d->roof.startup_bound)) {
        char sentence[HL_CLAIM_TEXT_MAX];
        hl_roofline_sentence(e, &d->roof, sentence, sizeof sentence);
        hl_say(&t, " %s", sentence);
    }
    hl_say_add(out, HL_CLAIM_OPENCL, &t);
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
 * the offload lesson in one sentence, judged like every comparison. */
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
        struct hl_comparison cmp = hl_compare(c, p); /* WON: pinned faster */
        struct hl_say t = {0};
        if (cmp.verdict == HL_VERDICT_WON)
            hl_say(&t, "Pinned host memory made %s %.2fx faster than pageable (%s, %s against %s).",
                   c->device, cmp.ratio, c->label, hl_say_median(c), hl_say_median(p));
        else if (cmp.verdict == HL_VERDICT_LOST)
            hl_say(&t, "Pinned host memory made %s %.2fx slower than pageable (%s, %s against %s).",
                   c->device, 1 / cmp.ratio, c->label, hl_say_median(c), hl_say_median(p));
        else if (cmp.verdict == HL_VERDICT_EVEN)
            hl_say(&t,
                   "Pinned and pageable host memory took about the same time on %s (%s, %s "
                   "against %s): this device's copies do not depend on where the host arrays "
                   "live.",
                   c->device, c->label, hl_say_median(c), hl_say_median(p));
        else
            hl_say(&t,
                   "Pinned and pageable host memory were within the noise of each other on %s "
                   "(%s, %s (%s) against %s (%s)): what pinning gained is not settled.",
                   c->device, c->label, hl_say_median(c), hl_say_interval(c), hl_say_median(p),
                   hl_say_interval(p));
        if (!isnan(pinned->transfer_fraction) && !isnan(pageable->transfer_fraction))
            hl_say(&t, " Transfers were %.0f%% of the task phase time pinned, %.0f%% pageable.",
                   pinned->transfer_fraction * 100, pageable->transfer_fraction * 100);
        hl_say_fact(out, HL_CLAIM_OPENCL, &cmp);
        hl_say_add(out, HL_CLAIM_OPENCL, &t);
    }
}

/* Where only pageable ran on a device whose pinned and pageable copy
 * rates were measured (the ceilings): what its link bytes take at each
 * rate, as an estimate that says it is one. The same link model as the
 * roofline (model/roofline.h): h2d and d2h at once, 2 x the slower. */
static void claim_pinning_estimate(const struct hl_results *r, const struct hl_experiment_result *e,
                                   const struct hl_finding *f, struct hl_claims *out) {
    double bytes = e->intensity.link_bytes * e->elements;
    for (size_t i = 0; bytes > 0 && i < f->ndevices; i++) {
        const struct hl_config_result *c = f->devices[i].config;
        char index[16];
        if (c->transfer == NULL || strcmp(c->transfer, "pageable") != 0 ||
            same_device(f, c, "pinned") != NULL ||
            !hl_roofline_device_index(c->label, index, sizeof index))
            continue;
        const struct hl_device_ceilings *d = hl_ceilings_device(&r->ceilings, index);
        double pageable = d != NULL ? hl_roofline_link_gbs(d, "pageable") : 0;
        double pinned = d != NULL ? hl_roofline_link_gbs(d, "pinned") : 0;
        if (!(pageable > 0 && pinned > 0))
            continue;
        double tp = bytes / (pageable * 1e9), tq = bytes / (pinned * 1e9);
        char twin[64]; /* the same device and queues, pinned */
        snprintf(twin, sizeof twin, "%.*s/pinned", (int)(strrchr(c->label, '/') - c->label),
                 c->label);
        struct hl_say t = {0};
        hl_say(&t,
               "Only pageable ran on %s: at the copy rates measured with the ceilings, its "
               "%.3g MB over the link take at least %.3g ms pageable (%.1f GB/s both ways at "
               "once) and would take %.3g ms pinned (%.1f GB/s), against its %s run: an estimate "
               "from the ceilings, not a run; `-b %s` measures it.",
               c->device != NULL ? c->device : c->label, bytes / 1e6, tp * 1e3, pageable, tq * 1e3,
               pinned, hl_say_median(c), twin);
        hl_say_add(out, HL_CLAIM_OPENCL, &t);
    }
}

static void claim_devices(const struct hl_results *r, const struct hl_experiment_result *e,
                          const struct hl_finding *f, struct hl_claims *out) {
    for (size_t i = 0; i < f->ndevices; i++)
        claim_device(e, f, &f->devices[i], out);
    claim_pinning(f, out);
    claim_pinning_estimate(r, e, f, out);
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (!hl_config_on_device(c) || c->nruns > 0)
            continue;
        struct hl_say t = {0};
        int first = c->note != NULL ? (int)strcspn(c->note, "\n") : 0;
        hl_say(&t, "%s did not run: %.*s", c->label, first, c->note != NULL ? c->note : "no runs");
        hl_say_add(out, HL_CLAIM_OPENCL, &t);
    }
}

static void claim_problems(const struct hl_experiment_result *e, struct hl_claims *out) {
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (c->verified || (hl_config_on_device(c) && c->nruns == 0))
            continue;
        struct hl_say t = {0};
        const char *why = c->note;
        for (size_t k = 0; why == NULL && k < c->nruns; k++)
            why = c->runs[k].error;
        int first = why != NULL ? (int)strcspn(why, "\n") : 0;
        hl_say(&t, "%s %s: %.*s", c->label, c->nruns > 0 ? "did NOT verify" : "did not run", first,
               why != NULL ? why : "no reason recorded");
        hl_say_add(out, HL_CLAIM_PROBLEM, &t);
    }
}

void hl_report_claims(const struct hl_results *r, const struct hl_experiment_result *e,
                      struct hl_claims *out) {
    memset(out, 0, sizeof *out);
    hl_analyse_experiment(r, e, &out->finding);
    const struct hl_finding *f = &out->finding;
    claim_fastest(e, f, out);
    if (f->fastest != NULL)
        claim_bound(r, e, f, out);
    struct hl_say threads = {0}, processes = {0};
    claim_group(f, &f->threads, "Threads", HL_CLAIM_THREADS, &threads, out);
    hl_say_add(out, HL_CLAIM_THREADS, &threads);
    claim_group(f, &f->processes, "Processes", HL_CLAIM_PROCESSES, &processes, out);
    claim_fork_vs_threads(e, f, &processes, out);
    hl_say_add(out, HL_CLAIM_PROCESSES, &processes);
    claim_devices(r, e, f, out);
    hl_claim_notebook(r, e, f, out);
    hl_claim_noise(r, e, out);
    hl_claim_coexec(e, &r->ceilings, out);
    claim_problems(e, out);
    hl_claim_ranks(r, e, out);
}

const char *hl_claims_bound_text(const struct hl_finding *f, char *buf, size_t size) {
    if (f->bound_noise)
        snprintf(buf, size, "within the noise (near %s)", hl_bound_name(f->bound_near));
    else
        snprintf(buf, size, "%s", hl_bound_name(f->bound));
    return buf;
}

const char *hl_claim_topic_name(enum hl_claim_topic topic) {
    static const char *const names[] = {
        "Fastest",      "Bound",    "Threads", "Processes",
        "OpenCL",       "Notebook", "Noise",   "Not run or not verified",
        "Co-execution", "Ranks"};
    return (unsigned)topic < sizeof names / sizeof names[0] ? names[topic] : "Other";
}
