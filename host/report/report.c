#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/results_names.h"
#include "util/fs.h"
#include "util/text.h"

const struct hl_report_chart hl_report_charts[3] = {
    {"overview", "every configuration's median run on one time axis, one lane per worker"},
    {"compare", "median wall time of every configuration, fastest to slowest run as whiskers"},
    {"scaling", "median wall time against workers, with the ideal serial / W"},
};

struct hl_claims *hl_report_all_claims(const struct hl_results *r) {
    struct hl_claims *all = calloc(r->nexperiments + 1, sizeof *all);
    for (size_t i = 0; all != NULL && i < r->nexperiments; i++)
        hl_report_claims(r, &r->experiments[i], &all[i]);
    return all;
}

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
    if (len < size && runs > 0) {
        char how[96];
        snprintf(buf + len, size - len, "%s%s", len > 0 ? "; " : "",
                 hl_format_runs(how, sizeof how, runs, warmup));
    }
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

void hl_report_machine_text(const struct hl_results *r, char *buf, size_t size) {
    snprintf(buf, size, "%s, %d core%s; hetlane %s", r->cpu != NULL ? r->cpu : "unknown CPU",
             r->cores, r->cores == 1 ? "" : "s", r->version != NULL ? r->version : "?");
}

static bool skipped(const struct hl_config_result *c) {
    return c->nruns == 0 && c->note != NULL && strncmp(c->note, "skipped:", 8) == 0;
}

void hl_report_verified_text(const struct hl_experiment_result *e, char *buf, size_t size) {
    size_t ran = 0, ok = 0;
    for (size_t i = 0; i < e->nconfigs; i++) {
        if (skipped(&e->configs[i]))
            continue;
        ran++;
        ok += e->configs[i].verified;
    }
    if (ran > 0 && ok == ran)
        snprintf(buf, size, "all %zu", ran);
    else
        snprintf(buf, size, "%zu of %zu", ok, ran);
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
}

struct save_ctx {
    const struct hl_results *r;
    const struct hl_report_options *o;
};

static int write_md_cb(FILE *out, void *ctx, struct hl_error *err) {
    const struct save_ctx *s = ctx;
    return hl_report_write_md(out, s->r, s->o, err);
}

static int write_html_cb(FILE *out, void *ctx, struct hl_error *err) {
    const struct save_ctx *s = ctx;
    return hl_report_write_html(out, s->r, s->o, err);
}

int hl_report_save(const char *dir, const struct hl_results *r, const struct hl_report_options *o,
                   struct hl_error *err) {
    struct save_ctx ctx = {r, o};
    if (hl_write_file_atomic(dir, "report.md", write_md_cb, &ctx, err) != 0)
        return -1;
    return hl_write_file_atomic(dir, "report.html", write_html_cb, &ctx, err);
}
