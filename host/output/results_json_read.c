/* results.json -> results model, with jansson. Every problem is reported
 * as "FILE: PATH: what is wrong", PATH being the JSON path of the field
 * (experiments[0].configs[2].runs[0].tasks[7].end_s). */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "output/ceilings_io.h"
#include "output/results_io.h"

#include "util/alloc.h"

struct reader {
    const char *file;
    struct hl_error *err;
    char path[256];
};

/* Sets the error (status) for the field `key` under the current path. */
static int fail_as(struct reader *rd, enum hl_status status, const char *key, const char *what) {
    hl_error_set(rd->err, status, "%s: %s%s%s: %s", rd->file, rd->path,
                 rd->path[0] != '\0' && key != NULL ? "." : "", key != NULL ? key : "", what);
    return -1;
}

/* A file that is not what hetlane writes: a usage error. */
__attribute__((format(printf, 3, 4))) static int fail(struct reader *rd, const char *key,
                                                      const char *fmt, ...) {
    char what[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return fail_as(rd, HL_ERR_USAGE, key, what);
}

/* No memory to hold what was read: a runtime error, the file may be fine. */
static int no_memory(struct reader *rd, const char *key) {
    return fail_as(rd, HL_ERR_RUNTIME, key, "cannot allocate memory to read it");
}

/* Appends ".key" or "[i]" to the path; returns the old length to restore. */
static size_t path_push(struct reader *rd, const char *key, long index) {
    size_t len = strlen(rd->path);
    if (index >= 0)
        snprintf(rd->path + len, sizeof rd->path - len, "%s%s[%ld]", len > 0 ? "." : "", key,
                 index);
    else
        snprintf(rd->path + len, sizeof rd->path - len, "%s%s", len > 0 ? "." : "", key);
    return len;
}

static void path_pop(struct reader *rd, size_t len) {
    rd->path[len] = '\0';
}

static json_t *field(struct reader *rd, json_t *obj, const char *key, json_type type) {
    json_t *v = json_object_get(obj, key);
    if (v == NULL) {
        fail(rd, key, "missing");
        return NULL;
    }
    bool ok = json_typeof(v) == type || (type == JSON_REAL && json_is_integer(v)) ||
              (type == JSON_TRUE && json_is_boolean(v));
    if (!ok) {
        static const char *const names[] = {"an object", "an array",  "a string",  "an integer",
                                            "a number",  "a boolean", "a boolean", "null"};
        fail(rd, key, "must be %s", names[type]);
        return NULL;
    }
    return v;
}

static int get_int(struct reader *rd, json_t *obj, const char *key, int64_t min, int64_t max,
                   int64_t *out) {
    json_t *v = field(rd, obj, key, JSON_INTEGER);
    if (v == NULL)
        return -1;
    json_int_t i = json_integer_value(v);
    if (i < min || i > max)
        return fail(rd, key, "%lld is out of range", (long long)i);
    *out = i;
    return 0;
}

/* A number, or null for "not measured" (NAN) when nullable. */
static int get_real(struct reader *rd, json_t *obj, const char *key, bool nullable, double *out) {
    json_t *v = json_object_get(obj, key);
    if (nullable && json_is_null(v)) {
        *out = NAN;
        return 0;
    }
    v = field(rd, obj, key, JSON_REAL);
    if (v == NULL)
        return -1;
    *out = json_number_value(v);
    return 0;
}

static int get_seconds_ns(struct reader *rd, json_t *obj, const char *key, int64_t *out) {
    double s;
    if (get_real(rd, obj, key, false, &s) != 0)
        return -1;
    if (!(fabs(s) < 1e9))
        return fail(rd, key, "time %g s is out of range", s);
    *out = llround(s * 1e9);
    return 0;
}

static int get_bool(struct reader *rd, json_t *obj, const char *key, bool *out) {
    json_t *v = field(rd, obj, key, JSON_TRUE);
    if (v == NULL)
        return -1;
    *out = json_is_true(v);
    return 0;
}

/* A string or null; *out is a new copy or NULL. */
static int get_text(struct reader *rd, json_t *obj, const char *key, bool nullable, char **out) {
    json_t *v = json_object_get(obj, key);
    if (nullable && (v == NULL || json_is_null(v))) {
        *out = NULL;
        return 0;
    }
    v = field(rd, obj, key, JSON_STRING);
    if (v == NULL)
        return -1;
    *out = hl_strdup(json_string_value(v));
    return *out == NULL ? no_memory(rd, key) : 0;
}

static json_t *get_array(struct reader *rd, json_t *obj, const char *key, size_t max_len) {
    json_t *v = field(rd, obj, key, JSON_ARRAY);
    if (v != NULL && json_array_size(v) > max_len) {
        fail(rd, key, "has %zu entries, at most %zu allowed", json_array_size(v), max_len);
        return NULL;
    }
    return v;
}

static json_t *array_object(struct reader *rd, json_t *arr, const char *key, size_t i) {
    json_t *v = json_array_get(arr, i);
    if (!json_is_object(v)) {
        char name[64];
        snprintf(name, sizeof name, "%s[%zu]", key, i);
        fail(rd, name, "must be an object");
        return NULL;
    }
    return v;
}

static int read_phase(struct reader *rd, json_t *obj, struct hl_phase *ph) {
    json_t *name = field(rd, obj, "name", JSON_STRING);
    if (name == NULL)
        return -1;
    int kind = hl_phase_from_name(json_string_value(name));
    if (kind < 0)
        return fail(rd, "name", "unknown phase '%s'", json_string_value(name));
    ph->kind = kind;
    return get_seconds_ns(rd, obj, "start_s", &ph->t0_ns) != 0 ||
                   get_seconds_ns(rd, obj, "end_s", &ph->t1_ns) != 0
               ? -1
               : 0;
}

static int read_task(struct reader *rd, json_t *obj, struct hl_task_record *t) {
    int64_t id = 0, worker = -1, bytes = 0, status = 0;
    memset(t, 0, sizeof *t);
    if (get_int(rd, obj, "id", 0, INT32_MAX, &id) != 0)
        return -1;
    if (!json_is_null(json_object_get(obj, "worker")) &&
        get_int(rd, obj, "worker", 0, INT32_MAX, &worker) != 0)
        return -1;
    if (get_seconds_ns(rd, obj, "start_s", &t->t0_ns) != 0 ||
        get_seconds_ns(rd, obj, "end_s", &t->t1_ns) != 0 || get_bool(rd, obj, "ok", &t->ok) != 0)
        return -1;
    if (t->t1_ns < t->t0_ns)
        return fail(rd, "end_s", "ends before it starts");
    if (json_object_get(obj, "bytes") != NULL &&
        get_int(rd, obj, "bytes", 0, INT64_MAX, &bytes) != 0)
        return -1;
    if (json_object_get(obj, "http_status") != NULL &&
        get_int(rd, obj, "http_status", 0, 999, &status) != 0)
        return -1;
    char *error = NULL;
    if (get_text(rd, obj, "error", true, &error) != 0)
        return -1;
    snprintf(t->error, sizeof t->error, "%s", error != NULL ? error : "");
    free(error);
    t->task = (int32_t)id;
    t->worker = (int32_t)worker;
    t->bytes = bytes;
    t->http_status = (int32_t)status;
    t->done = worker >= 0;
    json_t *phases = get_array(rd, obj, "phases", HL_MAX_PHASES);
    if (phases == NULL)
        return -1;
    for (size_t i = 0; i < json_array_size(phases); i++) {
        size_t mark = path_push(rd, "phases", (long)i);
        json_t *p = array_object(rd, phases, "phases", i);
        int rc = p == NULL ? -1 : read_phase(rd, p, &t->phases[i]);
        path_pop(rd, mark);
        if (rc != 0)
            return -1;
        t->nphases++;
    }
    return 0;
}

#define MAX_TASKS 100000000u

static int read_run(struct reader *rd, json_t *obj, struct hl_run_result *run) {
    if (get_real(rd, obj, "wall_s", false, &run->wall_s) != 0 ||
        get_real(rd, obj, "cpu_s", false, &run->cpu_s) != 0 ||
        get_bool(rd, obj, "verified", &run->verified) != 0 ||
        get_text(rd, obj, "error", true, &run->error) != 0)
        return -1;
    json_t *tasks = get_array(rd, obj, "tasks", MAX_TASKS);
    if (tasks == NULL)
        return -1;
    run->tasks = hl_calloc(json_array_size(tasks) + 1, sizeof *run->tasks);
    if (run->tasks == NULL)
        return no_memory(rd, "tasks");
    for (size_t i = 0; i < json_array_size(tasks); i++) {
        size_t mark = path_push(rd, "tasks", (long)i);
        json_t *t = array_object(rd, tasks, "tasks", i);
        int rc = t == NULL ? -1 : read_task(rd, t, &run->tasks[i]);
        path_pop(rd, mark);
        if (rc != 0)
            return -1;
        run->ntasks++;
    }
    return 0;
}

static int read_stat(struct reader *rd, json_t *obj, const char *key, struct hl_stat *s) {
    json_t *v = field(rd, obj, key, JSON_OBJECT);
    if (v == NULL)
        return -1;
    size_t mark = path_push(rd, key, -1);
    int rc = get_real(rd, v, "min", true, &s->min) != 0 ||
                     get_real(rd, v, "median", true, &s->median) != 0 ||
                     get_real(rd, v, "max", true, &s->max) != 0
                 ? -1
                 : 0;
    path_pop(rd, mark);
    return rc;
}

static int read_config(struct reader *rd, json_t *obj, struct hl_config_result *c) {
    int64_t workers = 0, tasks = 0;
    if (get_text(rd, obj, "label", false, &c->label) != 0 ||
        get_text(rd, obj, "backend", false, &c->backend) != 0 ||
        get_int(rd, obj, "workers", 1, 1 << 20, &workers) != 0 ||
        get_text(rd, obj, "device", true, &c->device) != 0 ||
        get_text(rd, obj, "transfer", true, &c->transfer) != 0 ||
        get_int(rd, obj, "tasks", 0, MAX_TASKS, &tasks) != 0 ||
        get_real(rd, obj, "setup_s", false, &c->setup_s) != 0 ||
        get_text(rd, obj, "note", true, &c->note) != 0 ||
        read_stat(rd, obj, "wall_s", &c->wall_s) || read_stat(rd, obj, "cpu_s", &c->cpu_s) != 0 ||
        get_real(rd, obj, "speedup", true, &c->speedup) != 0 ||
        get_bool(rd, obj, "verified", &c->verified) != 0)
        return -1;
    c->workers = (int)workers;
    c->tasks = tasks;
    json_t *runs = get_array(rd, obj, "runs", 1000000);
    if (runs == NULL)
        return -1;
    c->runs = hl_calloc(json_array_size(runs) + 1, sizeof *c->runs);
    if (c->runs == NULL)
        return no_memory(rd, "runs");
    for (size_t i = 0; i < json_array_size(runs); i++) {
        size_t mark = path_push(rd, "runs", (long)i);
        json_t *r = array_object(rd, runs, "runs", i);
        int rc = r == NULL ? -1 : read_run(rd, r, &c->runs[c->nruns]);
        c->nruns++; /* counted even when half-read so it is freed */
        path_pop(rd, mark);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static int read_params(struct reader *rd, json_t *obj, struct hl_experiment_result *e) {
    json_t *params = field(rd, obj, "params", JSON_OBJECT);
    if (params == NULL)
        return -1;
    const char *key;
    json_t *v;
    json_object_foreach(params, key, v) {
        struct hl_param *p = hl_experiment_add_param(e, key);
        if (p == NULL)
            return no_memory(rd, "params");
        if (json_is_integer(v)) {
            p->type = HL_PARAM_INT;
            p->i = json_integer_value(v);
        } else if (json_is_real(v)) {
            p->type = HL_PARAM_REAL;
            p->r = json_real_value(v);
        } else if (json_is_string(v)) {
            p->type = HL_PARAM_TEXT;
            p->text = hl_strdup(json_string_value(v));
            if (p->text == NULL)
                return no_memory(rd, "params");
        } else {
            size_t mark = path_push(rd, "params", -1);
            fail(rd, key, "must be a number or a string");
            path_pop(rd, mark);
            return -1;
        }
    }
    return 0;
}

/* Optional "settings" of obj: *warmup and *runs stay as they are without. */
static int read_settings(struct reader *rd, json_t *obj, int *warmup, int *runs) {
    json_t *settings = json_object_get(obj, "settings");
    if (settings == NULL)
        return 0;
    int64_t w = 0, n = 0;
    size_t mark = path_push(rd, "settings", -1);
    int rc = get_int(rd, settings, "warmup", 0, INT32_MAX, &w) != 0 ||
                     get_int(rd, settings, "runs", 0, INT32_MAX, &n) != 0
                 ? -1
                 : 0;
    path_pop(rd, mark);
    *warmup = (int)w;
    *runs = (int)n;
    return rc;
}

/* Optional host.copy_limit: [{"threads", "memcpy_gbs", "streaming_gbs", "gbs"}]. */
static int read_copy_limit(struct reader *rd, json_t *host, struct hl_copy_limit *limit) {
    if (json_object_get(host, "copy_limit") == NULL)
        return 0;
    json_t *arr = get_array(rd, host, "copy_limit", HL_COPY_MAX_THREADS);
    for (size_t i = 0; arr != NULL && i < json_array_size(arr); i++) {
        size_t mark = path_push(rd, "copy_limit", (long)i);
        json_t *x = array_object(rd, arr, "copy_limit", i);
        int64_t w = 0;
        int rc = x == NULL || get_int(rd, x, "threads", 1, HL_COPY_MAX_THREADS, &w) != 0 ||
                         get_real(rd, x, "memcpy_gbs", true, &limit->memcpy_gbs[w]) != 0 ||
                         get_real(rd, x, "streaming_gbs", true, &limit->streaming_gbs[w]) != 0 ||
                         get_real(rd, x, "gbs", false, &limit->gbs[w]) != 0
                     ? -1
                     : 0;
        path_pop(rd, mark);
        if (rc != 0)
            return -1;
    }
    return arr == NULL ? -1 : 0;
}

/* Optional "intensity" of an experiment (output/ceilings_io.h). */
static int read_intensity(struct reader *rd, json_t *obj, struct hl_experiment_result *e) {
    char where[320];
    snprintf(where, sizeof where, "%s: %s.intensity", rd->file, rd->path);
    return hl_intensity_read_json(json_object_get(obj, "intensity"), where, e, rd->err);
}

static int read_experiment(struct reader *rd, json_t *obj, struct hl_experiment_result *e) {
    if (get_text(rd, obj, "workload", false, &e->workload) != 0 ||
        read_settings(rd, obj, &e->warmup, &e->runs) != 0 || read_params(rd, obj, e) != 0)
        return -1;
    json_t *configs = get_array(rd, obj, "configs", 100000);
    if (configs == NULL)
        return -1;
    for (size_t i = 0; i < json_array_size(configs); i++) {
        size_t mark = path_push(rd, "configs", (long)i);
        json_t *c = array_object(rd, configs, "configs", i);
        struct hl_config_result *cr = c == NULL ? NULL : hl_experiment_add_config(e);
        int rc = cr == NULL ? -1 : read_config(rd, c, cr);
        path_pop(rd, mark);
        if (rc != 0)
            return c == NULL || cr != NULL ? -1 : no_memory(rd, "configs");
    }
    return read_intensity(rd, obj, e);
}

/* Optional top-level "ceilings". */
static int read_ceilings(struct reader *rd, json_t *root, struct hl_results *r) {
    json_t *c = json_object_get(root, "ceilings");
    if (c == NULL)
        return 0;
    char where[320];
    snprintf(where, sizeof where, "%s: ceilings", rd->file);
    return hl_ceilings_read_json(c, where, &r->ceilings, rd->err);
}

static int read_root(struct reader *rd, json_t *root, struct hl_results *r) {
    if (!json_is_object(root))
        return fail(rd, NULL, "the top level must be an object");
    json_t *schema = json_object_get(root, "schema");
    if (!json_is_string(schema))
        return fail(rd, "schema", "missing: not a hetlane results file");
    if (strcmp(json_string_value(schema), HL_RESULTS_SCHEMA) != 0)
        return fail(rd, "schema", "'%s' is not supported (expected '%s')",
                    json_string_value(schema), HL_RESULTS_SCHEMA);
    if (get_text(rd, root, "version", false, &r->version) != 0)
        return -1;
    json_t *host = field(rd, root, "host", JSON_OBJECT);
    if (host == NULL)
        return -1;
    int64_t cores = 0;
    size_t mark = path_push(rd, "host", -1);
    int rc = get_text(rd, host, "cpu", false, &r->cpu) != 0 ||
                     get_int(rd, host, "cores", 1, 1 << 20, &cores) != 0 ||
                     read_copy_limit(rd, host, &r->copy) != 0
                 ? -1
                 : 0;
    path_pop(rd, mark);
    if (rc != 0 || read_settings(rd, root, &r->warmup, &r->runs) != 0 ||
        read_ceilings(rd, root, r) != 0)
        return -1;
    r->cores = (int)cores;
    json_t *exps = get_array(rd, root, "experiments", 1000);
    if (exps == NULL)
        return -1;
    for (size_t i = 0; i < json_array_size(exps); i++) {
        mark = path_push(rd, "experiments", (long)i);
        json_t *x = array_object(rd, exps, "experiments", i);
        struct hl_experiment_result *e = x == NULL ? NULL : hl_results_add_experiment(r);
        if (e != NULL) { /* files before per-experiment settings: the global ones */
            e->warmup = r->warmup;
            e->runs = r->runs;
        }
        rc = e == NULL ? -1 : read_experiment(rd, x, e);
        path_pop(rd, mark);
        if (rc != 0)
            return x == NULL || e != NULL ? -1 : no_memory(rd, "experiments");
    }
    return 0;
}

/* Turns a parsed document (or NULL and jansson's error) into *r. */
static int read_document(json_t *root, const json_error_t *jerr, const char *path,
                         struct hl_results *r, struct hl_error *err) {
    if (root == NULL) {
        if (jerr->line < 0)
            return hl_error_set(err, HL_ERR_USAGE, "%s: %s", path, jerr->text);
        return hl_error_set(err, HL_ERR_USAGE, "%s: line %d column %d: not valid JSON: %s", path,
                            jerr->line, jerr->column, jerr->text);
    }
    struct reader rd = {.file = path, .err = err};
    int rc = read_root(&rd, root, r);
    json_decref(root);
    if (rc != 0)
        hl_results_free(r);
    return rc;
}

int hl_results_read_json(const char *path, struct hl_results *r, struct hl_error *err) {
    memset(r, 0, sizeof *r);
    json_error_t jerr;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    return read_document(root, &jerr, path, r, err);
}

int hl_results_parse_json(const char *data, size_t len, const char *name, struct hl_results *r,
                          struct hl_error *err) {
    memset(r, 0, sizeof *r);
    json_error_t jerr;
    json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    return read_document(root, &jerr, name, r, err);
}
