/* The "ceilings" object (of results.json and of the cache file) and an
 * experiment's "intensity", read with the results reader's streaming
 * machinery (output/json_fields.h), so that a ceiling is checked the way
 * every other measured value is and errors name its JSON path. Rates
 * that were not measured are null in the file and 0 in the model; times
 * that were not measured are NAN. */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "output/ceilings_io.h"
#include "output/json_fields.h"
#include "workloads/workload.h"

#define F(name, required)                                                                          \
    { name, required }
#define NFIELDS(t) (sizeof(t) / sizeof((t)[0]))
#define MAX_RATE 1e9 /* GB/s or G ops/s: no machine is within 1e6 of it */

/* A rate >= 0, null meaning not measured (0). */
static int rate(struct hl_jf *rd, double *out) {
    double v = NAN;
    if (hl_jf_number(rd, true, 0, MAX_RATE, &v) != 0)
        return -1;
    *out = isnan(v) ? 0 : v;
    return 0;
}

/* ---- the CPU: one row per thread count, 1, 2, ... in order ---- */

static const struct hl_jf_field row_fields[] = {F("threads", true), F("copy_gbs", false),
                                                F("add_gops", false), F("thread_floor_s", false),
                                                F("fork_floor_s", false)};

struct row_ctx {
    struct hl_cpu_ceilings *cpu;
    size_t w;
};

static int row_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct row_ctx *row = ctx;
    struct hl_cpu_ceilings *cpu = row->cpu;
    int64_t w;
    switch (k) {
    case 0:
        if (hl_jf_int(rd, 1, HL_CEIL_MAX_THREADS, &w) != 0)
            return -1;
        return (size_t)w == row->w
                   ? 0
                   : hl_jf_fail(rd, NULL, "must be %zu (rows for 1, 2, ... in order)", row->w);
    case 1: return rate(rd, &cpu->copy_gbs[row->w]);
    case 2: return rate(rd, &cpu->add_gops[row->w]);
    case 3: return hl_jf_seconds(rd, true, &cpu->thread_floor_s[row->w]);
    default: return hl_jf_seconds(rd, true, &cpu->fork_floor_s[row->w]);
    }
}

static int row_element(struct hl_jf *rd, enum hl_jr_token tok, size_t i, void *ctx) {
    struct row_ctx row = {ctx, i + 1};
    if (hl_jf_element_object(rd, tok, row_fields, NFIELDS(row_fields), row_member, &row) != 0)
        return -1;
    row.cpu->threads = (int)row.w;
    return 0;
}

static const struct hl_jf_field cpu_fields[] = {F("add_isa", false), F("cores", true),
                                                F("threads", true)};

static int cpu_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct hl_cpu_ceilings *cpu = ctx;
    int64_t cores;
    switch (k) {
    case 0: return hl_jf_text_into(rd, true, cpu->add_isa, sizeof cpu->add_isa);
    case 1:
        if (hl_jf_int(rd, 0, HL_CEIL_MAX_THREADS, &cores) != 0)
            return -1;
        cpu->cores = (int)cores;
        return 0;
    default: return hl_jf_array(rd, HL_CEIL_MAX_THREADS, row_element, cpu);
    }
}

/* ---- one OpenCL device ---- */

static const struct hl_jf_field device_fields[] = {F("index", true),
                                                   F("name", false),
                                                   F("driver", false),
                                                   F("mem_gbs", false),
                                                   F("add_gops", false),
                                                   F("h2d_pageable_gbs", false),
                                                   F("d2h_pageable_gbs", false),
                                                   F("h2d_pinned_gbs", false),
                                                   F("d2h_pinned_gbs", false),
                                                   F("launch_s", false)};

static int device_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct hl_device_ceilings *d = ctx;
    switch (k) {
    case 0:
        if (hl_jf_text_into(rd, false, d->index, sizeof d->index) != 0)
            return -1;
        return d->index[0] != '\0' ? 0 : hl_jf_fail(rd, NULL, "must not be empty");
    case 1: return hl_jf_text_into(rd, true, d->name, sizeof d->name);
    case 2: return hl_jf_text_into(rd, true, d->driver, sizeof d->driver);
    case 3: return rate(rd, &d->mem_gbs);
    case 4: return rate(rd, &d->add_gops);
    case 5: return rate(rd, &d->h2d_pageable_gbs);
    case 6: return rate(rd, &d->d2h_pageable_gbs);
    case 7: return rate(rd, &d->h2d_pinned_gbs);
    case 8: return rate(rd, &d->d2h_pinned_gbs);
    default: return hl_jf_seconds(rd, true, &d->launch_s);
    }
}

static int device_element(struct hl_jf *rd, enum hl_jr_token tok, size_t i, void *ctx) {
    struct hl_ceilings *c = ctx;
    if (hl_jf_element_object(rd, tok, device_fields, NFIELDS(device_fields), device_member,
                             &c->devices[i]) != 0)
        return -1;
    c->ndevices = i + 1;
    return 0;
}

/* ---- the whole object ---- */

static const struct hl_jf_field ceilings_fields[] = {F("key", false),      F("quick", false),
                                                     F("taken_at", false), F("age_s", false),
                                                     F("cpu", true),       F("devices", true)};

static int ceilings_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct hl_ceilings *c = ctx;
    double v = NAN;
    switch (k) {
    case 0: return hl_jf_text_into(rd, true, c->key, sizeof c->key);
    case 1: return hl_jf_bool(rd, &c->quick);
    case 2:
        if (hl_jf_number(rd, true, 0, 1e12, &v) != 0)
            return -1;
        c->taken_at = isnan(v) ? 0 : v;
        return 0;
    case 3:
        if (hl_jf_seconds(rd, true, &v) != 0)
            return -1;
        c->age_s = isnan(v) ? 0 : v;
        return 0;
    case 4: return hl_jf_expect_object(rd, cpu_fields, NFIELDS(cpu_fields), cpu_member, &c->cpu);
    default: return hl_jf_array(rd, HL_CEIL_MAX_DEVICES, device_element, c);
    }
}

int hl_ceilings_read_jf(struct hl_jf *rd, struct hl_ceilings *c) {
    hl_ceilings_clear(c);
    if (hl_jf_expect_object(rd, ceilings_fields, NFIELDS(ceilings_fields), ceilings_member, c) !=
        0) {
        hl_ceilings_clear(c);
        return -1;
    }
    c->measured = true;
    return 0;
}

/* ---- the cache file: { "schema": ..., "ceilings": {...} } ---- */

static const struct hl_jf_field document_fields[] = {F("schema", true), F("ceilings", true)};

static int document_member(struct hl_jf *rd, size_t k, void *ctx) {
    char schema[64];
    if (k == 1)
        return hl_ceilings_read_jf(rd, ctx);
    if (hl_jf_text_into(rd, false, schema, sizeof schema) != 0)
        return -1;
    return strcmp(schema, HL_CEILINGS_SCHEMA) == 0
               ? 0
               : hl_jf_fail(rd, NULL, "'%s' is not a hetlane ceilings file (expected '%s')", schema,
                            HL_CEILINGS_SCHEMA);
}

int hl_ceilings_load(const char *path, struct hl_ceilings *c, struct hl_error *err) {
    hl_ceilings_clear(c);
    struct hl_jf rd;
    int fd = hl_jf_open_file(&rd, path, err);
    if (fd < 0)
        return -1;
    int rc =
        hl_jf_expect_object(&rd, document_fields, NFIELDS(document_fields), document_member, c);
    enum hl_jr_token tok;
    rc = rc != 0 ? rc : hl_jf_next(&rd, &tok); /* nothing may follow the object */
    hl_json_reader_close(&rd.jr);
    close(fd);
    if (rc != 0)
        hl_ceilings_clear(c);
    return rc;
}

/* ---- an experiment's intensity ---- */

static const struct hl_jf_field intensity_fields[] = {F("op", true), F("ops", true),
                                                      F("mem_bytes", true), F("link_bytes", true),
                                                      F("elements", false)};

static int intensity_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct hl_experiment_result *e = ctx;
    struct hl_intensity *i = &e->intensity;
    switch (k) {
    case 0: return hl_jf_text_into(rd, false, i->op, sizeof i->op);
    case 1: return hl_jf_number(rd, false, 0, 1e9, &i->ops);
    case 2: return hl_jf_number(rd, false, 0, 1e9, &i->mem_bytes);
    case 3: return hl_jf_number(rd, false, 0, 1e9, &i->link_bytes);
    default: return hl_jf_number(rd, false, 0, 1e18, &e->elements);
    }
}

int hl_intensity_read_jf(struct hl_jf *rd, struct hl_experiment_result *e) {
    memset(&e->intensity, 0, sizeof e->intensity);
    e->elements = 0;
    if (hl_jf_expect_object(rd, intensity_fields, NFIELDS(intensity_fields), intensity_member, e) !=
        0) {
        memset(&e->intensity, 0, sizeof e->intensity);
        e->elements = 0;
        return -1;
    }
    return 0;
}

void hl_intensity_from_workload(struct hl_experiment_result *e) {
    const struct hl_workload *wl = hl_workload_find(e->workload);
    const struct hl_param *n = hl_experiment_param(e, "n");
    const struct hl_param *t = hl_experiment_param(e, "tasks");
    if (wl == NULL || !hl_intensity_known(&wl->intensity) || wl->elements == NULL || n == NULL ||
        n->type != HL_PARAM_INT)
        return;
    int64_t tasks = t != NULL && t->type == HL_PARAM_INT ? t->i
                    : e->nconfigs > 0                    ? e->configs[0].tasks
                                                         : 0;
    struct hl_params p = {.n = n->i, .tasks = tasks};
    e->intensity = wl->intensity;
    e->elements = wl->elements(&p, tasks);
}
