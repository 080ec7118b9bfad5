#include "output/results_json_noise.h"

#include <stdint.h>

#include "model/noise.h"

#define MAX_RUNS 1000000  /* per config, as the reader's */
#define MAX_COUNT 1000000 /* settings: runs and warm-ups */
#define F(name, required)                                                                          \
    { name, required }
#define NFIELDS(t) (sizeof(t) / sizeof((t)[0]))

static const struct hl_jf_field adaptive_fields[] = {F("min_runs", true), F("max_runs", true),
                                                     F("budget_s", true), F("target", true),
                                                     F("confidence", true)};

struct adaptive_ctx {
    int64_t lo, hi;
    struct hl_adaptive *a;
};

static int adaptive_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct adaptive_ctx *ac = ctx;
    switch (k) {
    case 0: return hl_jf_int(rd, 1, MAX_RUNS, &ac->lo);
    case 1: return hl_jf_int(rd, 1, MAX_RUNS, &ac->hi);
    case 2: return hl_jf_seconds(rd, false, &ac->a->budget_s);
    case 3: return hl_jf_number(rd, false, 0, 1e9, &ac->a->target);
    default: return hl_jf_number(rd, false, 0, 1, &ac->a->confidence);
    }
}

static int read_adaptive(struct hl_jf *rd, struct hl_experiment_result *e) {
    struct adaptive_ctx ac = {0, 0, &e->adapt};
    if (hl_jf_expect_object(rd, adaptive_fields, NFIELDS(adaptive_fields), adaptive_member, &ac) !=
        0)
        return -1;
    if (ac.hi < ac.lo)
        return hl_jf_fail(rd, "max_runs", "is below min_runs");
    e->adapt.min_runs = (int)ac.lo;
    e->adapt.max_runs = (int)ac.hi;
    e->adaptive = true;
    return 0;
}

/* "adaptive" is an experiment's only: the top level's is not read. */
static const struct hl_jf_field settings_fields[] = {F("warmup", true), F("runs", true),
                                                     F("adaptive", false)};

struct settings {
    int64_t warmup, runs;
    struct hl_experiment_result *e; /* NULL at the top level */
};

static int settings_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct settings *s = ctx;
    if (k == 2)
        return read_adaptive(rd, s->e);
    return hl_jf_int(rd, 0, MAX_COUNT, k == 0 ? &s->warmup : &s->runs);
}

int hl_json_read_settings(struct hl_jf *rd, struct hl_experiment_result *e, int *warmup,
                          int *runs) {
    struct settings s = {0, 0, e};
    size_t nfields = e != NULL ? NFIELDS(settings_fields) : NFIELDS(settings_fields) - 1;
    if (hl_jf_expect_object(rd, settings_fields, nfields, settings_member, &s) != 0)
        return -1;
    *warmup = (int)s.warmup;
    *runs = (int)s.runs;
    return 0;
}

static const struct hl_jf_field ci_fields[] = {F("lo", true), F("hi", true), F("level", true)};

static int ci_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct hl_interval *ci = ctx;
    switch (k) {
    case 0: return hl_jf_seconds(rd, true, &ci->lo);
    case 1: return hl_jf_seconds(rd, true, &ci->hi);
    default: return hl_jf_number(rd, false, 0, 1, &ci->level);
    }
}

static const struct hl_jf_field noise_fields[] = {F("runs_made", true), F("stopped", true),
                                                  F("median_ci", true), F("max_over_min", true),
                                                  F("outliers", true),  F("flagged", true)};

struct noise_ctx {
    struct hl_config_result *c;
    int64_t made;
};

static int noise_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct noise_ctx *nc = ctx;
    struct hl_noise *n = &nc->c->noise;
    int64_t v = 0;
    int rc;
    char stopped[32];
    switch (k) {
    case 0: return hl_jf_int(rd, 0, MAX_RUNS, &nc->made);
    case 1: /* a reason this version does not know reads as unknown */
        if (hl_jf_text_into(rd, false, stopped, sizeof stopped) != 0)
            return -1;
        nc->c->stop = hl_stop_from_name(stopped);
        return 0;
    case 2:
        if (hl_jf_expect_object(rd, ci_fields, NFIELDS(ci_fields), ci_member, &n->median_ci) != 0)
            return -1;
        return n->median_ci.lo > n->median_ci.hi /* false when either is null */
                   ? hl_jf_fail(rd, NULL, "ends below its start")
                   : 0;
    case 3: return hl_jf_number(rd, true, 0, 1e9, &n->max_over_min);
    case 4:
        rc = hl_jf_int(rd, 0, MAX_RUNS, &v);
        n->outliers = (int)v;
        return rc;
    default: return hl_jf_bool(rd, &n->flagged);
    }
}

int hl_json_read_noise(struct hl_jf *rd, struct hl_config_result *c, int64_t *runs_made) {
    struct noise_ctx nc = {c, 0};
    if (hl_jf_expect_object(rd, noise_fields, NFIELDS(noise_fields), noise_member, &nc) != 0)
        return -1;
    *runs_made = nc.made;
    c->noise.known = true;
    return 0;
}
