#include "model/results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/backend_traits.h"
#include "model/noise.h"
#include "util/alloc.h"

static void free_run(struct hl_run_result *run) {
    free(run->error);
    free(run->tasks);
}

static void free_config(struct hl_config_result *c) {
    for (size_t i = 0; i < c->nruns; i++)
        free_run(&c->runs[i]);
    free(c->runs);
    free(c->label);
    free(c->backend);
    free(c->device);
    free(c->transfer);
    free(c->note);
    free(c->coexec);
}

static void free_experiment(struct hl_experiment_result *e) {
    for (size_t i = 0; i < e->nconfigs; i++)
        free_config(&e->configs[i]);
    free(e->configs);
    for (size_t i = 0; i < e->nparams; i++) {
        free(e->params[i].key);
        free(e->params[i].text);
    }
    free(e->params);
    free(e->workload);
}

void hl_results_free(struct hl_results *r) {
    for (size_t i = 0; i < r->nexperiments; i++)
        free_experiment(&r->experiments[i]);
    free(r->experiments);
    free(r->version);
    free(r->cpu);
    for (size_t i = 0; i < r->nranks; i++)
        free(r->ranks[i].host);
    free(r->ranks);
    memset(r, 0, sizeof *r);
}

/* Grows *array of *count elements by one zeroed element. */
static void *append_zeroed(void **array, size_t *count, size_t elem_size) {
    void *grown = hl_realloc(*array, (*count + 1) * elem_size);
    if (grown == NULL)
        return NULL;
    *array = grown;
    void *slot = (char *)grown + *count * elem_size;
    memset(slot, 0, elem_size);
    (*count)++;
    return slot;
}

struct hl_experiment_result *hl_results_add_experiment(struct hl_results *r) {
    return append_zeroed((void **)&r->experiments, &r->nexperiments, sizeof *r->experiments);
}

void hl_results_pop_experiment(struct hl_results *r) {
    if (r->nexperiments > 0)
        free_experiment(&r->experiments[--r->nexperiments]);
}

struct hl_config_result *hl_experiment_add_config(struct hl_experiment_result *e) {
    struct hl_config_result *c =
        append_zeroed((void **)&e->configs, &e->nconfigs, sizeof *e->configs);
    if (c != NULL) {
        /* Not measured until runs are summarised: a configuration skipped
         * before any run has no times (null in results.json), not 0 s,
         * which the reader rightly refuses as a wall time. */
        c->speedup = NAN;
        c->wall_s = c->cpu_s = (struct hl_stat){NAN, NAN, NAN};
    }
    return c;
}

struct hl_param *hl_experiment_add_param(struct hl_experiment_result *e, const char *key) {
    char *k = hl_strdup(key);
    if (k == NULL)
        return NULL;
    struct hl_param *p = append_zeroed((void **)&e->params, &e->nparams, sizeof *e->params);
    if (p == NULL) {
        free(k);
        return NULL;
    }
    p->key = k;
    return p;
}

const struct hl_param *hl_experiment_param(const struct hl_experiment_result *e, const char *key) {
    for (size_t i = 0; i < e->nparams; i++) {
        if (strcmp(e->params[i].key, key) == 0)
            return &e->params[i];
    }
    return NULL;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static struct hl_stat stat_sorting(double *values, size_t n);

struct hl_stat hl_stat_of(const double *values, size_t n) {
    double *sorted = n == 0 ? NULL : hl_malloc(n * sizeof *sorted);
    if (sorted == NULL)
        return (struct hl_stat){NAN, NAN, NAN};
    memcpy(sorted, values, n * sizeof *sorted);
    struct hl_stat s = stat_sorting(sorted, n);
    free(sorted);
    return s;
}

/* min / median / max of values[0..n), sorting them in place. */
static struct hl_stat stat_sorting(double *values, size_t n) {
    struct hl_stat s = {NAN, NAN, NAN};
    if (n == 0)
        return s;
    qsort(values, n, sizeof *values, cmp_double);
    s.min = values[0];
    s.max = values[n - 1];
    s.median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    return s;
}

int hl_config_summarise(struct hl_config_result *c) {
    c->verified = c->nruns > 0 && c->note == NULL;
    c->wall_s = c->cpu_s = (struct hl_stat){NAN, NAN, NAN};
    memset(&c->noise, 0, sizeof c->noise);
    for (size_t i = 0; i < c->nruns; i++)
        c->verified = c->verified && c->runs[i].verified;
    if (c->nruns == 0)
        return 0;
    double *v = hl_malloc(c->nruns * sizeof *v);
    if (v == NULL)
        return -1;
    for (size_t i = 0; i < c->nruns; i++)
        v[i] = c->runs[i].wall_s;
    c->wall_s = stat_sorting(v, c->nruns);
    for (size_t i = 0; i < c->nruns; i++)
        v[i] = c->runs[i].cpu_s;
    c->cpu_s = stat_sorting(v, c->nruns);
    free(v);
    return hl_noise_of_runs(c, &c->noise);
}

void hl_experiment_speedups(struct hl_experiment_result *e) {
    double base = NAN;
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (hl_config_is_baseline(c) && c->verified && c->nruns > 0) {
            base = c->wall_s.median;
            break;
        }
    }
    for (size_t i = 0; i < e->nconfigs; i++) {
        struct hl_config_result *c = &e->configs[i];
        c->speedup =
            isnan(base) || c->nruns == 0 || !(c->wall_s.median > 0) ? NAN : base / c->wall_s.median;
    }
}

void hl_experiment_settings(const struct hl_results *r, const struct hl_experiment_result *e,
                            int *warmup, int *runs) {
    bool own = e->runs > 0;
    *warmup = own ? e->warmup : r->warmup;
    *runs = own ? e->runs : r->runs;
}

bool hl_copy_limit_known(const struct hl_copy_limit *limit) {
    for (int w = 1; w <= HL_COPY_MAX_THREADS; w++) {
        if (limit->gbs[w] > 0)
            return true;
    }
    return false;
}

bool hl_config_skipped(const struct hl_config_result *c) {
    return c->note != NULL && strncmp(c->note, "skipped:", 8) == 0;
}

bool hl_results_all_verified(const struct hl_results *r) {
    for (size_t e = 0; e < r->nexperiments; e++) {
        for (size_t c = 0; c < r->experiments[e].nconfigs; c++) {
            const struct hl_config_result *cf = &r->experiments[e].configs[c];
            if (!hl_config_skipped(cf) && !cf->verified)
                return false;
        }
    }
    return true;
}
