/* results.json -> results model, streamed (output/json_fields.h): the
 * model is built as the file is read, so memory stays near the size of
 * the model (a task record per task) and an interrupt is seen within a
 * buffer of the file. Every value is checked against what hetlane can
 * have measured, so that the charts and the report never see an
 * impossible one: times are never negative, wall times never zero, a
 * phase or task never ends before it starts, speedups are positive,
 * counts are within what `run` accepts. Every problem is reported as
 * "FILE: PATH: what is wrong", PATH being the JSON path of the value
 * (experiments[0].configs[2].runs[0].tasks[7].end_s). */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output/ceilings_io.h"
#include "output/json_fields.h"
#include "output/results_io.h"
#include "output/results_json_coexec.h"
#include "output/results_json_mpi.h"
#include "output/results_json_noise.h"
#include "output/results_json_params.h"
#include "util/alloc.h"

#define MAX_TASKS 100000000  /* per run */
#define MAX_RUNS 1000000     /* per config */
#define MAX_CONFIGS 100000   /* per experiment */
#define MAX_EXPERIMENTS 1000 /* per file */
#define F(name, required)                                                                          \
    { name, required }
#define NFIELDS(t) (sizeof(t) / sizeof((t)[0]))

/* ---- tasks and their phases ---- */

static int ns_of(struct hl_jf *rd, int64_t *ns) {
    double s;
    if (hl_jf_seconds(rd, false, &s) != 0)
        return -1;
    *ns = llround(s * 1e9);
    return 0;
}

static const struct hl_jf_field phase_fields[] = {F("name", true), F("start_s", true),
                                                  F("end_s", true)};

static int phase_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct hl_phase *ph = ctx;
    if (k == 1)
        return ns_of(rd, &ph->t0_ns);
    if (k == 2)
        return ns_of(rd, &ph->t1_ns);
    char name[32];
    if (hl_jf_text_into(rd, false, name, sizeof name) != 0)
        return -1;
    ph->kind = hl_phase_from_name(name);
    return ph->kind < 0 ? hl_jf_fail(rd, NULL, "unknown phase '%s'", name) : 0;
}

static int phase_element(struct hl_jf *rd, enum hl_jr_token tok, size_t i, void *ctx) {
    struct hl_task_record *t = ctx;
    struct hl_phase *ph = &t->phases[i];
    if (hl_jf_element_object(rd, tok, phase_fields, NFIELDS(phase_fields), phase_member, ph) != 0)
        return -1;
    t->nphases++;
    return ph->t1_ns < ph->t0_ns ? hl_jf_fail(rd, "end_s", "ends before it starts") : 0;
}

static const struct hl_jf_field task_fields[] = {
    F("id", true),         F("worker", true), F("start_s", true), F("end_s", true),
    F("ok", true),         F("error", false), F("bytes", false),  F("http_status", false),
    F("phases", true),     F("range", false), F("rank", false),   F("host", false),
    F("comm_bytes", false)};

static int task_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct hl_task_record *t = ctx;
    char host[256];
    int64_t v = 0;
    bool none = false;
    int rc;
    switch (k) {
    case 0:
        rc = hl_jf_int(rd, 0, INT32_MAX, &v);
        t->task = (int32_t)v;
        return rc;
    case 1:
        rc = hl_jf_int_or_null(rd, 0, HL_MAX_WORKERS - 1, &v, &none);
        t->worker = none ? -1 : (int32_t)v;
        t->done = !none;
        return rc;
    case 2: return ns_of(rd, &t->t0_ns);
    case 3: return ns_of(rd, &t->t1_ns);
    case 4: return hl_jf_bool(rd, &t->ok);
    case 5: return hl_jf_text_into(rd, true, t->error, sizeof t->error);
    case 6: return hl_jf_int(rd, 0, INT64_MAX, &t->bytes);
    case 7:
        rc = hl_jf_int(rd, 0, 999, &v);
        t->http_status = (int32_t)v;
        return rc;
    case 8: return hl_jf_array(rd, HL_MAX_PHASES, phase_element, t);
    case 9: return hl_json_read_range(rd, t);
    case 10:
        rc = hl_jf_int(rd, 0, HL_MAX_RANKS - 1, &v);
        t->rank = (int32_t)v;
        return rc;
    case 11: return hl_jf_text_into(rd, true, host, sizeof host); /* the rank table has it */
    default: return hl_jf_int(rd, 0, INT64_MAX, &t->comm_bytes);
    }
}

struct run_ctx {
    struct hl_run_result *run;
    size_t cap; /* of run->tasks */
};

static int task_element(struct hl_jf *rd, enum hl_jr_token tok, size_t i, void *ctx) {
    struct run_ctx *rc = ctx;
    (void)i;
    struct hl_task_record *t =
        hl_jf_grow((void **)&rc->run->tasks, &rc->cap, rc->run->ntasks, sizeof *t);
    if (t == NULL)
        return hl_jf_no_memory(rd);
    t->worker = -1;
    if (hl_jf_element_object(rd, tok, task_fields, NFIELDS(task_fields), task_member, t) != 0)
        return -1;
    rc->run->ntasks++;
    return t->t1_ns < t->t0_ns ? hl_jf_fail(rd, "end_s", "ends before it starts") : 0;
}

/* ---- runs and configurations ---- */

static const struct hl_jf_field run_fields[] = {
    F("wall_s", true), F("cpu_s", true), F("verified", true), F("error", false), F("tasks", true)};

static int run_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct run_ctx *rc = ctx;
    struct hl_run_result *run = rc->run;
    switch (k) {
    case 0: return hl_jf_positive_seconds(rd, false, &run->wall_s);
    case 1: return hl_jf_seconds(rd, false, &run->cpu_s);
    case 2: return hl_jf_bool(rd, &run->verified);
    case 3: return hl_jf_text(rd, true, &run->error);
    default: return hl_jf_array(rd, MAX_TASKS, task_element, rc);
    }
}

struct config_ctx {
    struct hl_config_result *c;
    size_t cap;        /* of c->runs */
    int64_t runs_made; /* noise.runs_made, -1 without "noise" */
};

static int run_element(struct hl_jf *rd, enum hl_jr_token tok, size_t i, void *ctx) {
    struct config_ctx *cc = ctx;
    (void)i;
    struct run_ctx rc = {
        hl_jf_grow((void **)&cc->c->runs, &cc->cap, cc->c->nruns, sizeof *cc->c->runs), 0};
    if (rc.run == NULL)
        return hl_jf_no_memory(rd);
    cc->c->nruns++; /* counted even when half-read so it is freed */
    if (hl_jf_element_object(rd, tok, run_fields, NFIELDS(run_fields), run_member, &rc) != 0)
        return -1;
    /* The model's arrays are never NULL, even without a task. (Slack
     * beyond the last task costs no memory: realloc's growth is mapped
     * but never touched.) */
    if (rc.run->tasks == NULL)
        rc.run->tasks = hl_calloc(1, sizeof *rc.run->tasks);
    return rc.run->tasks == NULL ? hl_jf_no_memory(rd) : 0;
}

static const struct hl_jf_field stat_fields[] = {F("min", true), F("median", true), F("max", true)};

struct stat_ctx {
    struct hl_stat *s;
    bool positive; /* wall time: more than 0; CPU time may be 0 */
};

static int stat_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct stat_ctx *sc = ctx;
    double *v = k == 0 ? &sc->s->min : k == 1 ? &sc->s->median : &sc->s->max;
    return sc->positive ? hl_jf_positive_seconds(rd, true, v) : hl_jf_seconds(rd, true, v);
}

static int read_stat(struct hl_jf *rd, struct hl_stat *s, bool positive) {
    struct stat_ctx sc = {s, positive};
    if (hl_jf_expect_object(rd, stat_fields, NFIELDS(stat_fields), stat_member, &sc) != 0)
        return -1;
    if (s->median < s->min || s->max < s->median) /* false when any is null */
        return hl_jf_fail(rd, NULL, "min, median and max are out of order");
    return 0;
}

static const struct hl_jf_field config_fields[] = {
    F("label", true),     F("backend", true), F("workers", true), F("device", false),
    F("transfer", false), F("tasks", true),   F("setup_s", true), F("note", false),
    F("wall_s", true),    F("cpu_s", true),   F("speedup", true), F("verified", true),
    F("runs", true),      F("noise", false),  F("coexec", false)};

static int config_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct config_ctx *cc = ctx;
    struct hl_config_result *c = cc->c;
    int64_t v = 0;
    int rc;
    switch (k) {
    case 0: return hl_jf_text(rd, false, &c->label);
    case 1: return hl_jf_text(rd, false, &c->backend);
    case 2:
        rc = hl_jf_int(rd, 1, HL_MAX_WORKERS, &v);
        c->workers = (int)v;
        return rc;
    case 3: return hl_jf_text(rd, true, &c->device);
    case 4: return hl_jf_text(rd, true, &c->transfer);
    case 5: return hl_jf_int(rd, 0, MAX_TASKS, &c->tasks);
    case 6: return hl_jf_seconds(rd, false, &c->setup_s);
    case 7: return hl_jf_text(rd, true, &c->note);
    case 8: return read_stat(rd, &c->wall_s, true);
    case 9: return read_stat(rd, &c->cpu_s, false);
    case 10:
        rc = hl_jf_number(rd, true, -INFINITY, INFINITY, &c->speedup);
        if (rc == 0 && !isnan(c->speedup) && !(c->speedup > 0 && c->speedup < 1e9))
            return hl_jf_fail(rd, NULL, "%g is out of range (more than 0)", c->speedup);
        return rc;
    case 11: return hl_jf_bool(rd, &c->verified);
    case 12: return hl_jf_array(rd, MAX_RUNS, run_element, cc);
    case 13: return hl_json_read_noise(rd, c, &cc->runs_made);
    default: return hl_json_read_coexec(rd, c);
    }
}

static int config_element(struct hl_jf *rd, enum hl_jr_token tok, size_t i, void *ctx) {
    struct hl_experiment_result *e = ctx;
    (void)i;
    struct config_ctx cc = {hl_experiment_add_config(e), 0, -1};
    if (cc.c == NULL)
        return hl_jf_no_memory(rd);
    cc.c->speedup = NAN;
    if (hl_jf_element_object(rd, tok, config_fields, NFIELDS(config_fields), config_member, &cc) !=
        0)
        return -1;
    if (cc.runs_made >= 0 && (size_t)cc.runs_made != cc.c->nruns) {
        /* "noise" comes before the runs it counts: checked once both are read */
        if (hl_jf_push(rd, "noise") != 0)
            return -1;
        hl_jf_fail(rd, "runs_made", "is %" PRId64 ", but the config has %zu runs", cc.runs_made,
                   cc.c->nruns);
        hl_jf_pop(rd);
        return -1;
    }
    if (cc.c->runs == NULL) /* never NULL, like the tasks */
        cc.c->runs = hl_calloc(1, sizeof *cc.c->runs);
    return cc.c->runs == NULL ? hl_jf_no_memory(rd) : 0;
}

/* ---- experiments, their parameters and settings ---- */

/* "intensity" is optional: files from before it get the workload's own
 * (output/ceilings_io.h). */
static const struct hl_jf_field experiment_fields[] = {F("workload", true), F("settings", false),
                                                       F("params", true), F("configs", true),
                                                       F("intensity", false)};

struct experiment_ctx {
    struct hl_experiment_result *e;
    bool has_intensity;
};

static int experiment_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct experiment_ctx *x = ctx;
    struct hl_experiment_result *e = x->e;
    switch (k) {
    case 0: return hl_jf_text(rd, false, &e->workload);
    case 1: return hl_json_read_settings(rd, e, &e->warmup, &e->runs);
    case 2: return hl_json_read_params(rd, e);
    case 3: return hl_jf_array(rd, MAX_CONFIGS, config_element, e);
    default: x->has_intensity = true; return hl_intensity_read_jf(rd, e);
    }
}

static int experiment_element(struct hl_jf *rd, enum hl_jr_token tok, size_t i, void *ctx) {
    struct hl_results *r = ctx;
    (void)i;
    struct experiment_ctx x = {hl_results_add_experiment(r), false};
    if (x.e == NULL)
        return hl_jf_no_memory(rd);
    if (hl_jf_element_object(rd, tok, experiment_fields, NFIELDS(experiment_fields),
                             experiment_member, &x) != 0)
        return -1;
    /* An intensity that places nothing (no op, no operations) is never
     * written, so it reads as none: the workload's own, as for older files
     * (the fuzzer's round trip found the difference). */
    if (!x.has_intensity || !hl_intensity_known(&x.e->intensity))
        hl_intensity_from_workload(x.e);
    return 0;
}

/* ---- the machine and the top level ---- */

static const struct hl_jf_field limit_fields[] = {F("threads", true), F("memcpy_gbs", true),
                                                  F("streaming_gbs", true), F("gbs", true)};

struct limit_ctx {
    int64_t threads;
    double memcpy_gbs, streaming_gbs, gbs;
};

static int limit_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct limit_ctx *l = ctx;
    switch (k) {
    case 0: return hl_jf_int(rd, 1, HL_COPY_MAX_THREADS, &l->threads);
    case 1: return hl_jf_number(rd, true, 0, 1e9, &l->memcpy_gbs);
    case 2: return hl_jf_number(rd, true, 0, 1e9, &l->streaming_gbs);
    default: return hl_jf_number(rd, false, 0, 1e9, &l->gbs);
    }
}

static int limit_element(struct hl_jf *rd, enum hl_jr_token tok, size_t i, void *ctx) {
    struct hl_copy_limit *limit = ctx;
    (void)i;
    struct limit_ctx l = {0, NAN, NAN, NAN};
    if (hl_jf_element_object(rd, tok, limit_fields, NFIELDS(limit_fields), limit_member, &l) != 0)
        return -1;
    limit->memcpy_gbs[l.threads] = l.memcpy_gbs;
    limit->streaming_gbs[l.threads] = l.streaming_gbs;
    limit->gbs[l.threads] = l.gbs;
    return 0;
}

static const struct hl_jf_field host_fields[] = {F("cpu", true), F("cores", true),
                                                 F("copy_limit", false)};

static int host_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct hl_results *r = ctx;
    int64_t cores = 0;
    int rc;
    switch (k) {
    case 0: return hl_jf_text(rd, false, &r->cpu);
    case 1:
        rc = hl_jf_int(rd, 1, 1 << 20, &cores);
        r->cores = (int)cores;
        return rc;
    default: return hl_jf_array(rd, HL_COPY_MAX_THREADS, limit_element, &r->copy);
    }
}

/* Members of the top level. None is marked required: read_root says
 * what is missing, "schema" first, since a file without it is not a
 * results file at all. */
static const struct hl_jf_field root_fields[] = {
    F("schema", false),      F("version", false),  F("host", false), F("settings", false),
    F("experiments", false), F("ceilings", false), F("mpi", false)};

struct root_ctx {
    struct hl_results *r;
    bool seen[NFIELDS(root_fields)];
};

static int root_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct root_ctx *rc = ctx;
    struct hl_results *r = rc->r;
    char schema[64];
    rc->seen[k] = true;
    switch (k) {
    case 0:
        if (hl_jf_text_into(rd, false, schema, sizeof schema) != 0)
            return -1;
        return strcmp(schema, HL_RESULTS_SCHEMA) == 0
                   ? 0
                   : hl_jf_fail(rd, NULL, "'%s' is not supported (expected '%s')", schema,
                                HL_RESULTS_SCHEMA);
    case 1: return hl_jf_text(rd, false, &r->version);
    case 2: return hl_jf_expect_object(rd, host_fields, NFIELDS(host_fields), host_member, r);
    case 3: return hl_json_read_settings(rd, NULL, &r->warmup, &r->runs);
    case 4: return hl_jf_array(rd, MAX_EXPERIMENTS, experiment_element, r);
    case 5: return hl_ceilings_read_jf(rd, &r->ceilings);
    default: return hl_json_read_mpi(rd, r);
    }
}

static int read_root(struct hl_jf *rd, struct hl_results *r) {
    enum hl_jr_token tok;
    hl_ceilings_clear(&r->ceilings); /* none until "ceilings" is read */
    if (hl_jf_next(rd, &tok) != 0)
        return -1;
    if (tok != HL_JR_OBJECT)
        return hl_jf_fail(rd, NULL, "the top level must be an object");
    struct root_ctx rc = {.r = r};
    if (hl_jf_object(rd, root_fields, NFIELDS(root_fields), root_member, &rc) != 0 ||
        hl_jf_next(rd, &tok) != 0) /* nothing may follow the object */
        return -1;
    if (!rc.seen[0])
        return hl_jf_fail(rd, "schema", "missing: not a hetlane results file");
    for (size_t k = 1; k < NFIELDS(root_fields); k++) {
        if (!rc.seen[k] && k != 3 && k < 5) /* settings, ceilings and mpi are optional */
            return hl_jf_fail(rd, root_fields[k].name, "missing");
    }
    /* Files before per-experiment settings: every experiment has the
     * top-level ones. */
    for (size_t i = 0; i < r->nexperiments; i++) {
        struct hl_experiment_result *e = &r->experiments[i];
        if (e->runs == 0) {
            e->warmup = r->warmup;
            e->runs = r->runs;
        }
    }
    return 0;
}

static int read_with(struct hl_jf *rd, struct hl_results *r) {
    int rc = read_root(rd, r);
    hl_json_reader_close(&rd->jr);
    if (rc != 0)
        hl_results_free(r);
    return rc;
}

int hl_results_read_json(const char *path, struct hl_results *r, struct hl_error *err) {
    memset(r, 0, sizeof *r);
    struct hl_jf rd;
    int fd = hl_jf_open_file(&rd, path, err);
    if (fd < 0)
        return -1;
    int rc = read_with(&rd, r);
    close(fd);
    return rc;
}

int hl_results_parse_json(const char *data, size_t len, const char *name, struct hl_results *r,
                          struct hl_error *err) {
    memset(r, 0, sizeof *r);
    struct hl_jf rd = {.file = name, .err = err};
    hl_json_reader_open_mem(&rd.jr, data, len);
    return read_with(&rd, r);
}
