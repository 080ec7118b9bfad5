#include "trace_check.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

struct span {
    long tid;
    int64_t t0, t1;
};

static int cmp_span(const void *a, const void *b) {
    const struct span *x = a, *y = b;
    if (x->tid != y->tid)
        return x->tid < y->tid ? -1 : 1;
    if (x->t0 != y->t0)
        return x->t0 < y->t0 ? -1 : 1;
    return (y->t1 > x->t1) - (y->t1 < x->t1); /* outer (longer) first */
}

/* Events of one thread must be disjoint or nested: a stack of open spans. */
static void check_nesting(struct span *s, size_t n, long pid) {
    qsort(s, n, sizeof *s, cmp_span);
    struct span stack[64];
    size_t depth = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && s[i].tid != s[i - 1].tid)
            depth = 0;
        while (depth > 0 && stack[depth - 1].t1 <= s[i].t0)
            depth--;
        CHECKF(depth == 0 || s[i].t1 <= stack[depth - 1].t1,
               "pid %ld tid %ld: [%lld, %lld] overlaps [%lld, %lld]", pid, s[i].tid,
               (long long)s[i].t0, (long long)s[i].t1, (long long)stack[depth - 1].t0,
               (long long)stack[depth - 1].t1);
        if (depth < 64)
            stack[depth++] = s[i];
    }
}

static int64_t us_to_ns(json_t *v) {
    return llround(json_number_value(v) * 1e3);
}

/* The events of process pid against run `index` of configuration c. */
static long check_process(json_t *events, long pid, const struct hl_config_result *c,
                          size_t index) {
    const struct hl_run_result *run = &c->runs[index];
    size_t ran = 0, nphases = 0, tasks_seen = 0, phases_seen = 0, nspans = 0;
    for (size_t i = 0; i < run->ntasks; i++) {
        ran += run->tasks[i].worker >= 0;
        nphases += run->tasks[i].worker >= 0 ? (size_t)run->tasks[i].nphases : 0;
    }
    struct span *spans = calloc(ran + nphases + 1, sizeof *spans);
    REQUIRE(spans != NULL);
    bool named = false;
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev) {
        if (json_integer_value(json_object_get(ev, "pid")) != pid)
            continue;
        const char *ph = json_string_value(json_object_get(ev, "ph"));
        const char *name = json_string_value(json_object_get(ev, "name"));
        REQUIRE(ph != NULL && name != NULL);
        if (strcmp(ph, "M") == 0) {
            named = named || strcmp(name, "process_name") == 0;
            continue;
        }
        CHECK(strcmp(ph, "X") == 0);
        const char *cat = json_string_value(json_object_get(ev, "cat"));
        REQUIRE(cat != NULL);
        if (strcmp(cat, "run") == 0)
            continue;
        long tid = (long)json_integer_value(json_object_get(ev, "tid"));
        int64_t ts = us_to_ns(json_object_get(ev, "ts"));
        int64_t dur = us_to_ns(json_object_get(ev, "dur"));
        json_int_t task = json_integer_value(json_object_get(json_object_get(ev, "args"), "task"));
        REQUIRE(task >= 0 && (size_t)task < run->ntasks);
        const struct hl_task_record *t = &run->tasks[task];
        if (strcmp(cat, "task") == 0) {
            tasks_seen++;
            CHECKF(ts == t->t0_ns && dur == t->t1_ns - t->t0_ns, "task %lld: ts %lld dur %lld",
                   (long long)task, (long long)ts, (long long)dur);
            CHECK(tid == t->worker + 1);
        } else {
            CHECK(strcmp(cat, "phase") == 0);
            bool match = false;
            for (int p = 0; p < t->nphases; p++)
                match = match || (strcmp(name, hl_phase_name(t->phases[p].kind)) == 0 &&
                                  ts == t->phases[p].t0_ns &&
                                  dur == t->phases[p].t1_ns - t->phases[p].t0_ns);
            CHECKF(match, "phase %s of task %lld: ts %lld dur %lld", name, (long long)task,
                   (long long)ts, (long long)dur);
            phases_seen++;
        }
        if (nspans < ran + nphases)
            spans[nspans++] = (struct span){tid, ts, ts + dur};
    }
    CHECKF(named, "pid %ld has no process_name", pid);
    CHECKF(tasks_seen == ran, "pid %ld: %zu task events for %zu tasks", pid, tasks_seen, ran);
    CHECKF(phases_seen == nphases, "pid %ld: %zu phase events for %zu", pid, phases_seen, nphases);
    check_nesting(spans, nspans, pid);
    free(spans);
    return (long)phases_seen;
}

long trace_check(const char *path, const struct hl_results *r) {
    /* check.h counts failures per translation unit: the caller's count
     * never sees this file's, so they are returned as -1. */
    int failures_before = check_failures;
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    CHECKF(root != NULL, "%s: %s", path, jerr.text);
    if (root == NULL)
        return -1;
    json_t *events = json_object_get(root, "traceEvents");
    REQUIRE(json_is_array(events));
    long pid = 0, phases = 0;
    for (size_t e = 0; e < r->nexperiments; e++) {
        for (size_t c = 0; c < r->experiments[e].nconfigs; c++) {
            const struct hl_config_result *cf = &r->experiments[e].configs[c];
            for (size_t k = 0; k < cf->nruns; k++)
                phases += check_process(events, ++pid, cf, k);
        }
    }
    /* One process per run, and no other. */
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev) {
        long p = (long)json_integer_value(json_object_get(ev, "pid"));
        CHECKF(p >= 1 && p <= pid, "event of process %ld, past the %ld runs", p, pid);
    }
    json_decref(root);
    return check_failures > failures_before ? -1 : phases;
}
