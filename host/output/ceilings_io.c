#include "output/ceilings_io.h"

#include <math.h>
#include <string.h>

#include "util/fs.h"
#include "workloads/workload.h"

static void rate(struct hl_json *j, const char *key, double v, int digits) {
    hl_json_key(j, key);
    if (v > 0)
        hl_json_fixed(j, v, digits);
    else
        hl_json_null(j);
}

static void write_cpu(struct hl_json *j, const struct hl_cpu_ceilings *cpu) {
    hl_json_key(j, "cpu");
    hl_json_object_begin(j);
    hl_json_key(j, "add_isa");
    hl_json_string(j, cpu->add_isa);
    hl_json_key(j, "cores");
    hl_json_int(j, cpu->cores);
    hl_json_key(j, "threads");
    hl_json_array_begin(j);
    for (int w = 1; w <= cpu->threads && w <= HL_CEIL_MAX_THREADS; w++) {
        hl_json_object_begin(j);
        hl_json_key(j, "threads");
        hl_json_int(j, w);
        rate(j, "copy_gbs", cpu->copy_gbs[w], 3);
        rate(j, "add_gops", cpu->add_gops[w], 3);
        hl_json_key(j, "thread_floor_s");
        hl_json_fixed(j, cpu->thread_floor_s[w], 9);
        hl_json_key(j, "fork_floor_s");
        hl_json_fixed(j, cpu->fork_floor_s[w], 9);
        hl_json_object_end(j);
    }
    hl_json_array_end(j);
    hl_json_object_end(j);
}

static void write_device(struct hl_json *j, const struct hl_device_ceilings *d) {
    hl_json_object_begin(j);
    hl_json_key(j, "index");
    hl_json_string(j, d->index);
    hl_json_key(j, "name");
    hl_json_string(j, d->name);
    hl_json_key(j, "driver");
    hl_json_string(j, d->driver);
    rate(j, "mem_gbs", d->mem_gbs, 3);
    rate(j, "add_gops", d->add_gops, 3);
    rate(j, "h2d_pageable_gbs", d->h2d_pageable_gbs, 3);
    rate(j, "d2h_pageable_gbs", d->d2h_pageable_gbs, 3);
    rate(j, "h2d_pinned_gbs", d->h2d_pinned_gbs, 3);
    rate(j, "d2h_pinned_gbs", d->d2h_pinned_gbs, 3);
    hl_json_key(j, "launch_s");
    hl_json_fixed(j, d->launch_s, 9);
    hl_json_object_end(j);
}

void hl_ceilings_write_json(struct hl_json *j, const struct hl_ceilings *c) {
    hl_json_object_begin(j);
    hl_json_key(j, "key");
    hl_json_string(j, c->key);
    hl_json_key(j, "quick");
    hl_json_bool(j, c->quick);
    hl_json_key(j, "taken_at");
    hl_json_fixed(j, c->taken_at, 3);
    hl_json_key(j, "age_s");
    hl_json_fixed(j, c->age_s, 3);
    write_cpu(j, &c->cpu);
    hl_json_key(j, "devices");
    hl_json_array_begin(j);
    for (size_t d = 0; d < c->ndevices && d < HL_CEIL_MAX_DEVICES; d++)
        write_device(j, &c->devices[d]);
    hl_json_array_end(j);
    hl_json_object_end(j);
}

struct rd {
    const char *where;
    struct hl_error *err;
    char path[96];
};

static int bad(struct rd *rd, const char *key, const char *what) {
    return hl_error_set(rd->err, HL_ERR_USAGE, "%s%s%s: %s", rd->where, rd->path,
                        key != NULL ? key : "", what);
}

/* A number >= 0 or null (0 for a rate, NAN for a time); absent: `none`. */
static int number(struct rd *rd, json_t *obj, const char *key, double none, double *out) {
    json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v)) {
        *out = none;
        return 0;
    }
    if (!json_is_number(v) || !(json_number_value(v) >= 0) || !isfinite(json_number_value(v)))
        return bad(rd, key, "must be a number >= 0 or null");
    *out = json_number_value(v);
    return 0;
}

static int text(struct rd *rd, json_t *obj, const char *key, char *out, size_t size) {
    json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v)) {
        out[0] = '\0';
        return 0;
    }
    if (!json_is_string(v))
        return bad(rd, key, "must be a string");
    snprintf(out, size, "%s", json_string_value(v));
    return 0;
}

static int read_cpu(struct rd *rd, json_t *cpu, struct hl_cpu_ceilings *out) {
    json_t *cores = json_object_get(cpu, "cores");
    json_t *rows = json_object_get(cpu, "threads");
    if (!json_is_integer(cores) || json_integer_value(cores) < 0 ||
        json_integer_value(cores) > HL_CEIL_MAX_THREADS)
        return bad(rd, "cores", "must be an integer 0..64");
    if (!json_is_array(rows) || json_array_size(rows) > HL_CEIL_MAX_THREADS)
        return bad(rd, "threads", "must be an array of at most 64 entries");
    if (text(rd, cpu, "add_isa", out->add_isa, sizeof out->add_isa) != 0)
        return -1;
    out->cores = (int)json_integer_value(cores);
    for (size_t i = 0; i < json_array_size(rows); i++) {
        json_t *row = json_array_get(rows, i);
        json_t *w = json_object_get(row, "threads");
        snprintf(rd->path, sizeof rd->path, ".cpu.threads[%zu].", i);
        if (!json_is_object(row) || !json_is_integer(w) ||
            json_integer_value(w) != (json_int_t)i + 1)
            return bad(rd, "threads", "must be an object for threads = 1, 2, ... in order");
        size_t k = i + 1;
        if (number(rd, row, "copy_gbs", 0, &out->copy_gbs[k]) != 0 ||
            number(rd, row, "add_gops", 0, &out->add_gops[k]) != 0 ||
            number(rd, row, "thread_floor_s", NAN, &out->thread_floor_s[k]) != 0 ||
            number(rd, row, "fork_floor_s", NAN, &out->fork_floor_s[k]) != 0)
            return -1;
        out->threads = (int)k;
    }
    rd->path[0] = '\0';
    return 0;
}

static int read_device(struct rd *rd, json_t *obj, struct hl_device_ceilings *d) {
    if (!json_is_object(obj))
        return bad(rd, "", "must be an object");
    if (text(rd, obj, "index", d->index, sizeof d->index) != 0 ||
        text(rd, obj, "name", d->name, sizeof d->name) != 0 ||
        text(rd, obj, "driver", d->driver, sizeof d->driver) != 0 ||
        number(rd, obj, "mem_gbs", 0, &d->mem_gbs) != 0 ||
        number(rd, obj, "add_gops", 0, &d->add_gops) != 0 ||
        number(rd, obj, "h2d_pageable_gbs", 0, &d->h2d_pageable_gbs) != 0 ||
        number(rd, obj, "d2h_pageable_gbs", 0, &d->d2h_pageable_gbs) != 0 ||
        number(rd, obj, "h2d_pinned_gbs", 0, &d->h2d_pinned_gbs) != 0 ||
        number(rd, obj, "d2h_pinned_gbs", 0, &d->d2h_pinned_gbs) != 0 ||
        number(rd, obj, "launch_s", NAN, &d->launch_s) != 0)
        return -1;
    if (d->index[0] == '\0')
        return bad(rd, "index", "missing");
    return 0;
}

int hl_ceilings_read_json(json_t *obj, const char *where, struct hl_ceilings *c,
                          struct hl_error *err) {
    struct rd rd = {.where = where, .err = err};
    hl_ceilings_clear(c);
    json_t *quick = json_object_get(obj, "quick");
    json_t *cpu = json_object_get(obj, "cpu");
    json_t *devices = json_object_get(obj, "devices");
    int rc = 0;
    if (!json_is_object(obj))
        rc = bad(&rd, "", "must be an object");
    else if (quick != NULL && !json_is_boolean(quick))
        rc = bad(&rd, ".quick", "must be a boolean");
    else if (!json_is_object(cpu))
        rc = bad(&rd, ".cpu", "must be an object");
    else if (!json_is_array(devices) || json_array_size(devices) > HL_CEIL_MAX_DEVICES)
        rc = bad(&rd, ".devices", "must be an array of at most 8 devices");
    if (rc == 0) {
        snprintf(rd.path, sizeof rd.path, ".");
        c->quick = json_is_true(quick);
        rc = text(&rd, obj, "key", c->key, sizeof c->key) != 0 ||
                     number(&rd, obj, "taken_at", 0, &c->taken_at) != 0 ||
                     number(&rd, obj, "age_s", 0, &c->age_s) != 0
                 ? -1
                 : 0;
        snprintf(rd.path, sizeof rd.path, ".cpu.");
        rc = rc != 0 ? rc : read_cpu(&rd, cpu, &c->cpu);
    }
    for (size_t i = 0; rc == 0 && i < json_array_size(devices); i++) {
        snprintf(rd.path, sizeof rd.path, ".devices[%zu].", i);
        rc = read_device(&rd, json_array_get(devices, i), &c->devices[i]);
        c->ndevices = rc == 0 ? i + 1 : c->ndevices;
    }
    if (rc != 0) {
        hl_ceilings_clear(c);
        return -1;
    }
    c->measured = true;
    return 0;
}

void hl_ceilings_write_document(FILE *out, const struct hl_ceilings *c) {
    struct hl_json j;
    hl_json_init(&j, out);
    hl_json_object_begin(&j);
    hl_json_key(&j, "schema");
    hl_json_string(&j, HL_CEILINGS_SCHEMA);
    hl_json_key(&j, "ceilings");
    hl_ceilings_write_json(&j, c);
    hl_json_object_end(&j);
    fputc('\n', out);
}

static int write_file(FILE *out, void *ctx, struct hl_error *err) {
    (void)err;
    hl_ceilings_write_document(out, ctx);
    return 0;
}

int hl_ceilings_save(const char *dir, const char *name, const struct hl_ceilings *c,
                     struct hl_error *err) {
    return hl_write_file_atomic(dir, name, write_file, (void *)c, err);
}

int hl_ceilings_load(const char *path, struct hl_ceilings *c, struct hl_error *err) {
    json_error_t jerr;
    hl_ceilings_clear(c);
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL)
        return hl_error_set(err, HL_ERR_USAGE, "%s: %s", path, jerr.text);
    json_t *schema = json_object_get(root, "schema");
    char where[320];
    snprintf(where, sizeof where, "%s: ceilings", path);
    int rc = 0;
    if (!json_is_string(schema) || strcmp(json_string_value(schema), HL_CEILINGS_SCHEMA) != 0)
        rc = hl_error_set(err, HL_ERR_USAGE, "%s: not a hetlane ceilings file", path);
    else
        rc = hl_ceilings_read_json(json_object_get(root, "ceilings"), where, c, err);
    json_decref(root);
    return rc;
}

static void intensity_by_name(struct hl_experiment_result *e) {
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

int hl_intensity_read_json(json_t *obj, const char *where, struct hl_experiment_result *e,
                           struct hl_error *err) {
    if (obj == NULL) {
        intensity_by_name(e);
        return 0;
    }
    struct rd rd = {.where = where, .err = err};
    struct hl_intensity *i = &e->intensity;
    memset(i, 0, sizeof *i);
    json_t *op = json_object_get(obj, "op");
    if (!json_is_object(obj))
        return bad(&rd, "", "must be an object");
    if (!json_is_string(op))
        return bad(&rd, ".op", "must be a string");
    snprintf(rd.path, sizeof rd.path, ".");
    if (number(&rd, obj, "ops", 0, &i->ops) != 0 ||
        number(&rd, obj, "mem_bytes", 0, &i->mem_bytes) != 0 ||
        number(&rd, obj, "link_bytes", 0, &i->link_bytes) != 0 ||
        number(&rd, obj, "elements", 0, &e->elements) != 0) {
        memset(i, 0, sizeof *i);
        e->elements = 0;
        return -1;
    }
    snprintf(i->op, sizeof i->op, "%s", json_string_value(op));
    return 0;
}
