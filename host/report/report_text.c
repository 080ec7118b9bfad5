#include "report/report_text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model/noise.h"
#include "model/results_names.h"
#include "report/report.h"
#include "util/text.h"

void hl_report_chart_file(const struct hl_results *r, size_t i, const char *kind, const char *ext,
                          char *buf, size_t size) {
    char prefix[140];
    hl_results_experiment_prefix(r, i, prefix, sizeof prefix);
    snprintf(buf, size, "%s-%s.%s", prefix, kind, ext);
}

void hl_report_timeline_file(const struct hl_results *r, size_t i, size_t c, const char *ext,
                             char *buf, size_t size) {
    char prefix[140], part[140];
    hl_results_experiment_prefix(r, i, prefix, sizeof prefix);
    hl_results_config_part(&r->experiments[i], c, part, sizeof part);
    snprintf(buf, size, "%s-timeline-%s.%s", prefix, part, ext);
}

void hl_report_params_text(const struct hl_results *r, const struct hl_experiment_result *e,
                           char *buf, size_t size) {
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < e->nparams && len < size; i++) {
        const struct hl_param *p = &e->params[i];
        const char *sep = i == 0 ? "" : ", ";
        int n;
        if (p->type == HL_PARAM_INT)
            n = snprintf(buf + len, size - len, "%s%s = %lld", sep, p->key, (long long)p->i);
        else if (p->type == HL_PARAM_REAL)
            n = snprintf(buf + len, size - len, "%s%s = %g", sep, p->key, p->r);
        else
            n = snprintf(buf + len, size - len, "%s%s = %s", sep, p->key, p->text);
        len += n > 0 ? (size_t)n : 0;
    }
    int warmup, runs;
    hl_experiment_settings(r, e, &warmup, &runs);
    char how[256];
    hl_runs_text(r, e, how, sizeof how);
    if (len < size && runs > 0)
        snprintf(buf + len, size - len, "%s%s", len > 0 ? "; " : "", how);
}

void hl_report_limit_text(const struct hl_copy_limit *limit, char *buf, size_t size) {
    size_t len = 0;
    buf[0] = '\0';
    for (int w = 1; w <= HL_COPY_MAX_THREADS && len < size; w++) {
        if (!(limit->gbs[w] > 0))
            continue;
        int n = snprintf(buf + len, size - len, "%s%.1f GB/s with %d thread%s", len > 0 ? ", " : "",
                         limit->gbs[w], w, w == 1 ? "" : "s");
        len += n > 0 ? (size_t)n : 0;
    }
}

/* Appends to buf at *len, never past size. */
__attribute__((format(printf, 4, 5))) static void append(char *buf, size_t size, size_t *len,
                                                         const char *fmt, ...) {
    if (*len + 1 >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *len, size - *len, fmt, ap);
    va_end(ap);
    *len = n > 0 && *len + (size_t)n < size ? *len + (size_t)n : size - 1;
}

void hl_report_ceilings_text(const struct hl_ceilings *c, char *buf, size_t size) {
    size_t len = 0;
    buf[0] = '\0';
    if (!c->measured)
        return;
    int w = c->cpu.cores < c->cpu.threads ? c->cpu.cores : c->cpu.threads;
    char l[32];
    if (w >= 1) {
        char t[32], f[32];
        append(buf, size, &len,
               "CPU with %d thread%s: copy %.1f GB/s, %.1f G int64 adds/s; start-up of %d "
               "threads %s, of %d processes %s",
               w, w == 1 ? "" : "s", c->cpu.copy_gbs[w], c->cpu.add_gops[w], w,
               hl_format_seconds(t, sizeof t, c->cpu.thread_floor_s[w]), w,
               hl_format_seconds(f, sizeof f, c->cpu.fork_floor_s[w]));
    }
    for (size_t i = 0; i < c->ndevices && i < HL_CEIL_MAX_DEVICES; i++) {
        const struct hl_device_ceilings *d = &c->devices[i];
        append(buf, size, &len,
               "%sopencl:%s: memory %.1f GB/s, %.1f G int64 adds/s, link %.1f/%.1f GB/s "
               "pinned and %.1f/%.1f pageable (h2d/d2h), launch %s",
               len > 0 ? "; " : "", d->index, d->mem_gbs, d->add_gops, d->h2d_pinned_gbs,
               d->d2h_pinned_gbs, d->h2d_pageable_gbs, d->d2h_pageable_gbs,
               hl_format_seconds(l, sizeof l, d->launch_s));
    }
}

void hl_report_machine_text(const struct hl_results *r, char *buf, size_t size) {
    snprintf(buf, size, "%s, %d core%s; hetlane %s", r->cpu != NULL ? r->cpu : "unknown CPU",
             r->cores, r->cores == 1 ? "" : "s", r->version != NULL ? r->version : "?");
}

static bool skipped(const struct hl_config_result *c) {
    return c->nruns == 0 && hl_config_skipped(c);
}

bool hl_report_verified_text(const struct hl_experiment_result *e, char *buf, size_t size) {
    size_t ran = 0, ok = 0;
    for (size_t i = 0; i < e->nconfigs; i++) {
        if (skipped(&e->configs[i]))
            continue;
        ran++;
        ok += e->configs[i].verified;
    }
    bool all = ran > 0 && ok == ran;
    if (all)
        snprintf(buf, size, "all %zu", ran);
    else
        snprintf(buf, size, "%zu of %zu", ok, ran);
    return all;
}

void hl_report_row(const struct hl_config_result *c, struct hl_report_row *row) {
    hl_format_seconds(row->median, sizeof row->median, c->wall_s.median);
    hl_format_seconds(row->min, sizeof row->min, c->wall_s.min);
    hl_format_seconds(row->max, sizeof row->max, c->wall_s.max);
    hl_format_seconds(row->cpu, sizeof row->cpu, c->cpu_s.median);
    if (isnan(c->speedup) || c->nruns == 0)
        snprintf(row->speedup, sizeof row->speedup, "-");
    else
        snprintf(row->speedup, sizeof row->speedup, "%.2fx", c->speedup);
    snprintf(row->runs, sizeof row->runs, "%zu", c->nruns);
    struct hl_noise n = hl_config_noise(c);
    double half = hl_interval_half_width(n.median_ci, c->wall_s.median);
    if (c->nruns < 2 || isnan(half))
        snprintf(row->interval, sizeof row->interval, "-");
    else if (n.median_ci.level < HL_NOISE_CONFIDENCE - 1e-9) /* min..max of a few runs */
        snprintf(row->interval, sizeof row->interval, "+-%.1f%% (%.0f%%)", half * 100,
                 n.median_ci.level * 100);
    else
        snprintf(row->interval, sizeof row->interval, "+-%.1f%%", half * 100);
    hl_noise_flag_text(&n, row->noise, sizeof row->noise);
    if (row->noise[0] == '\0')
        snprintf(row->noise, sizeof row->noise, "-");
}
