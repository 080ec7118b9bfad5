#include <math.h>

#include "model/noise.h"
#include "output/ceilings_io.h"
#include "output/results_io.h"
#include "output/results_json_coexec.h"
#include "output/results_json_mpi.h"
#include "util/fs.h"
#include "util/interrupt.h"
#include "util/json_writer.h"

/* Seconds with nanosecond decimals: integer nanoseconds survive the round
 * trip through text exactly. */
#define SECONDS_DIGITS 9

static void write_seconds_ns(struct hl_json *j, const char *key, int64_t ns) {
    hl_json_key(j, key);
    hl_json_ns_as_seconds(j, ns);
}

static void write_stat(struct hl_json *j, const char *key, struct hl_stat s) {
    hl_json_key(j, key);
    hl_json_object_begin(j);
    hl_json_key(j, "min");
    hl_json_fixed(j, s.min, SECONDS_DIGITS);
    hl_json_key(j, "median");
    hl_json_fixed(j, s.median, SECONDS_DIGITS);
    hl_json_key(j, "max");
    hl_json_fixed(j, s.max, SECONDS_DIGITS);
    hl_json_object_end(j);
}

static void write_task(struct hl_json *j, const struct hl_results *r,
                       const struct hl_task_record *t) {
    hl_json_object_begin(j);
    hl_json_key(j, "id");
    hl_json_int(j, t->task);
    hl_json_key(j, "worker");
    if (t->worker < 0)
        hl_json_null(j);
    else
        hl_json_int(j, t->worker);
    write_seconds_ns(j, "start_s", t->t0_ns);
    write_seconds_ns(j, "end_s", t->t1_ns);
    hl_json_key(j, "ok");
    hl_json_bool(j, t->ok);
    hl_json_key(j, "error");
    hl_json_string(j, t->ok ? NULL : t->error);
    hl_json_key(j, "bytes");
    hl_json_int(j, t->bytes);
    hl_json_write_range(j, t);
    if (t->http_status != 0) {
        hl_json_key(j, "http_status");
        hl_json_int(j, t->http_status);
    }
    hl_json_write_task_rank(j, r, t);
    hl_json_key(j, "phases");
    hl_json_array_begin(j);
    for (int p = 0; p < t->nphases; p++) {
        hl_json_object_begin(j);
        hl_json_key(j, "name");
        hl_json_string(j, hl_phase_name(t->phases[p].kind));
        write_seconds_ns(j, "start_s", t->phases[p].t0_ns);
        write_seconds_ns(j, "end_s", t->phases[p].t1_ns);
        hl_json_object_end(j);
    }
    hl_json_array_end(j);
    hl_json_object_end(j);
}

static void write_run(struct hl_json *j, const struct hl_results *r,
                      const struct hl_run_result *run) {
    hl_json_object_begin(j);
    hl_json_key(j, "wall_s");
    hl_json_fixed(j, run->wall_s, SECONDS_DIGITS);
    hl_json_key(j, "cpu_s");
    hl_json_fixed(j, run->cpu_s, SECONDS_DIGITS);
    hl_json_key(j, "verified");
    hl_json_bool(j, run->verified);
    hl_json_key(j, "error");
    hl_json_string(j, run->error);
    hl_json_key(j, "tasks");
    hl_json_array_begin(j);
    for (size_t t = 0; t < run->ntasks; t++) {
        /* A million tasks take a second or more: an interrupt stops the
         * writing here, and hl_write_file_atomic drops the file. */
        if ((t & 4095) == 4095 && hl_interrupted())
            return;
        fputc('\n', j->out); /* one task per line keeps big files diffable */
        write_task(j, r, &run->tasks[t]);
    }
    hl_json_array_end(j);
    hl_json_object_end(j);
}

/* "noise": how the repetitions ended and what they allow one to say
 * (docs/results.md). Written for every config with runs; files without it
 * are older. */
static void write_noise(struct hl_json *j, const struct hl_config_result *c) {
    const struct hl_noise *n = &c->noise;
    hl_json_key(j, "noise");
    hl_json_object_begin(j);
    hl_json_key(j, "runs_made");
    hl_json_int(j, (int64_t)c->nruns);
    hl_json_key(j, "stopped");
    hl_json_string(j, hl_stop_name(c->stop));
    hl_json_key(j, "median_ci");
    hl_json_object_begin(j);
    hl_json_key(j, "lo");
    hl_json_fixed(j, n->median_ci.lo, SECONDS_DIGITS);
    hl_json_key(j, "hi");
    hl_json_fixed(j, n->median_ci.hi, SECONDS_DIGITS);
    hl_json_key(j, "level");
    hl_json_fixed(j, n->median_ci.level, 6);
    hl_json_object_end(j);
    hl_json_key(j, "max_over_min");
    hl_json_fixed(j, n->max_over_min, 6);
    hl_json_key(j, "outliers");
    hl_json_int(j, n->outliers);
    hl_json_key(j, "flagged");
    hl_json_bool(j, n->flagged);
    hl_json_object_end(j);
}

static void write_config(struct hl_json *j, const struct hl_results *r,
                         const struct hl_experiment_result *e, const struct hl_config_result *c) {
    hl_json_object_begin(j);
    hl_json_key(j, "label");
    hl_json_string(j, c->label);
    hl_json_key(j, "backend");
    hl_json_string(j, c->backend);
    hl_json_key(j, "workers");
    hl_json_int(j, c->workers);
    hl_json_key(j, "device");
    hl_json_string(j, c->device);
    hl_json_key(j, "transfer");
    hl_json_string(j, c->transfer);
    hl_json_key(j, "tasks");
    hl_json_int(j, c->tasks);
    hl_json_key(j, "setup_s");
    hl_json_fixed(j, c->setup_s, SECONDS_DIGITS);
    hl_json_key(j, "note");
    hl_json_string(j, c->note);
    write_stat(j, "wall_s", c->wall_s);
    write_stat(j, "cpu_s", c->cpu_s);
    hl_json_key(j, "speedup");
    hl_json_real(j, c->speedup);
    hl_json_key(j, "verified");
    hl_json_bool(j, c->verified);
    if (c->noise.known && c->nruns > 0)
        write_noise(j, c);
    hl_json_write_coexec(j, e, c, &r->ceilings);
    hl_json_key(j, "runs");
    hl_json_array_begin(j);
    for (size_t i = 0; i < c->nruns; i++) {
        fputc('\n', j->out);
        write_run(j, r, &c->runs[i]);
    }
    hl_json_array_end(j);
    hl_json_object_end(j);
}

static void write_params(struct hl_json *j, const struct hl_experiment_result *e) {
    hl_json_key(j, "params");
    hl_json_object_begin(j);
    for (size_t i = 0; i < e->nparams; i++) {
        const struct hl_param *p = &e->params[i];
        hl_json_key(j, p->key);
        if (p->type == HL_PARAM_INT)
            hl_json_int(j, p->i);
        else if (p->type == HL_PARAM_REAL)
            hl_json_real(j, p->r);
        else
            hl_json_string(j, p->text);
    }
    hl_json_object_end(j);
}

/* "settings"; `adapt` (may be NULL) when runs were repeated adaptively,
 * `runs` then being its minimum. */
static void write_settings(struct hl_json *j, int warmup, int runs,
                           const struct hl_adaptive *adapt) {
    hl_json_key(j, "settings");
    hl_json_object_begin(j);
    hl_json_key(j, "warmup");
    hl_json_int(j, warmup);
    hl_json_key(j, "runs");
    hl_json_int(j, runs);
    if (adapt != NULL) {
        hl_json_key(j, "adaptive");
        hl_json_object_begin(j);
        hl_json_key(j, "min_runs");
        hl_json_int(j, adapt->min_runs);
        hl_json_key(j, "max_runs");
        hl_json_int(j, adapt->max_runs);
        hl_json_key(j, "budget_s");
        hl_json_fixed(j, adapt->budget_s, 3);
        hl_json_key(j, "target");
        hl_json_fixed(j, adapt->target, 4);
        hl_json_key(j, "confidence");
        hl_json_fixed(j, adapt->confidence, 4);
        hl_json_object_end(j);
    }
    hl_json_object_end(j);
}

/* Only the thread counts that were measured. */
static void write_copy_limit(struct hl_json *j, const struct hl_copy_limit *limit) {
    hl_json_key(j, "copy_limit");
    hl_json_array_begin(j);
    for (int w = 1; w <= HL_COPY_MAX_THREADS; w++) {
        if (!(limit->gbs[w] > 0))
            continue;
        hl_json_object_begin(j);
        hl_json_key(j, "threads");
        hl_json_int(j, w);
        hl_json_key(j, "memcpy_gbs");
        hl_json_fixed(j, limit->memcpy_gbs[w], 3);
        hl_json_key(j, "streaming_gbs");
        hl_json_fixed(j, limit->streaming_gbs[w], 3);
        hl_json_key(j, "gbs");
        hl_json_fixed(j, limit->gbs[w], 3);
        hl_json_object_end(j);
    }
    hl_json_array_end(j);
}

/* The workload's place on the roofline, when it has one. */
static void write_intensity(struct hl_json *j, const struct hl_experiment_result *e) {
    if (!hl_intensity_known(&e->intensity))
        return;
    hl_json_key(j, "intensity");
    hl_json_object_begin(j);
    hl_json_key(j, "op");
    hl_json_string(j, e->intensity.op);
    hl_json_key(j, "ops");
    hl_json_real(j, e->intensity.ops);
    hl_json_key(j, "mem_bytes");
    hl_json_real(j, e->intensity.mem_bytes);
    hl_json_key(j, "link_bytes");
    hl_json_real(j, e->intensity.link_bytes);
    hl_json_key(j, "elements");
    hl_json_real(j, e->elements);
    hl_json_object_end(j);
}

int hl_results_write_json(FILE *out, const struct hl_results *r, struct hl_error *err) {
    (void)err;
    struct hl_json j;
    hl_json_init(&j, out);
    hl_json_object_begin(&j);
    hl_json_key(&j, "schema");
    hl_json_string(&j, HL_RESULTS_SCHEMA);
    hl_json_key(&j, "version");
    hl_json_string(&j, r->version);
    hl_json_key(&j, "host");
    hl_json_object_begin(&j);
    hl_json_key(&j, "cpu");
    hl_json_string(&j, r->cpu);
    hl_json_key(&j, "cores");
    hl_json_int(&j, r->cores);
    if (hl_copy_limit_known(&r->copy))
        write_copy_limit(&j, &r->copy);
    hl_json_object_end(&j);
    if (r->runs > 0) /* one setting for every experiment */
        write_settings(&j, r->warmup, r->runs, NULL);
    if (r->ceilings.measured) {
        hl_json_key(&j, "ceilings");
        hl_ceilings_write_json(&j, &r->ceilings);
    }
    hl_json_write_mpi(&j, r);
    hl_json_key(&j, "experiments");
    hl_json_array_begin(&j);
    for (size_t e = 0; e < r->nexperiments; e++) {
        const struct hl_experiment_result *x = &r->experiments[e];
        fputc('\n', out);
        hl_json_object_begin(&j);
        hl_json_key(&j, "workload");
        hl_json_string(&j, x->workload);
        if (x->runs > 0)
            write_settings(&j, x->warmup, x->runs, x->adaptive ? &x->adapt : NULL);
        write_params(&j, x);
        write_intensity(&j, x);
        hl_json_key(&j, "configs");
        hl_json_array_begin(&j);
        for (size_t c = 0; c < x->nconfigs; c++) {
            fputc('\n', out);
            write_config(&j, r, x, &x->configs[c]);
        }
        hl_json_array_end(&j);
        hl_json_object_end(&j);
    }
    hl_json_array_end(&j);
    hl_json_object_end(&j);
    fputc('\n', out);
    return 0;
}

static int write_json_cb(FILE *out, void *ctx, struct hl_error *err) {
    return hl_results_write_json(out, ctx, err);
}

static int write_csv_cb(FILE *out, void *ctx, struct hl_error *err) {
    return hl_results_write_csv(out, ctx, err);
}

int hl_results_save(const char *dir, const struct hl_results *r, struct hl_error *err) {
    struct hl_results *mut = (struct hl_results *)r; /* the callbacks only read */
    if (hl_write_file_atomic(dir, "results.json", write_json_cb, mut, err) != 0)
        return -1;
    return hl_write_file_atomic(dir, "results.csv", write_csv_cb, mut, err);
}
