/* results.json written then read back gives the same numbers, to the
 * nanosecond, and the same text (settings and copy limit included); older
 * files still read; malformed files are refused with a line naming the
 * problem. */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cli/cli.h"
#include "experiment/experiment.h"
#include "output/results_io.h"
#include "util/fs.h"

static void make_results(struct hl_results *r) {
    struct hl_config cfg = {0};
    struct hl_error err = {0};
    REQUIRE(hl_backend_list_parse(&cfg.backends, "serial,pthread:2,fork:3", &err) == 0);
    struct hl_plan plan = {.workload = hl_workload_find("square"),
                           .params = {.n = 1001, .tasks = 0},
                           .warmup = 0,
                           .runs = 2,
                           .nconfigs = cfg.backends.count,
                           .configs = cfg.backends.items};
    memset(r, 0, sizeof *r);
    r->version = strdup("test");
    r->cpu = strdup("a \"quoted\" cpu\twith\ttabs");
    r->cores = 3;
    r->runs = 2;
    REQUIRE(hl_experiment_run(&plan, r, &err) == 0);
    /* Decorate one task with what other workloads produce. */
    struct hl_task_record *t = &r->experiments[0].configs[1].runs[1].tasks[2];
    t->ok = false;
    snprintf(t->error, sizeof t->error, "HTTP 500: \"bad\"\nline two \\ end");
    t->http_status = 500;
    hl_task_add_phase(t, HL_PHASE_CONNECT, t->t0_ns, t->t0_ns + 1);
    hl_task_add_phase(t, HL_PHASE_TRANSFER, t->t0_ns + 1, t->t1_ns);
    r->experiments[0].configs[2].note = strdup("a note, with a comma");
    r->copy.memcpy_gbs[1] = 26.364;
    r->copy.streaming_gbs[1] = 37.581;
    r->copy.gbs[1] = 37.581;
    r->copy.gbs[2] = 72.125;
}

static int write_cb(FILE *out, void *ctx, struct hl_error *err) {
    return hl_results_write_json(out, ctx, err);
}

static void compare(const struct hl_results *a, const struct hl_results *b) {
    CHECK(strcmp(a->version, b->version) == 0);
    CHECK(strcmp(a->cpu, b->cpu) == 0);
    CHECK(a->cores == b->cores && a->runs == b->runs && a->warmup == b->warmup);
    for (int w = 0; w <= HL_COPY_MAX_THREADS; w++)
        CHECKF(a->copy.gbs[w] == b->copy.gbs[w] && a->copy.memcpy_gbs[w] == b->copy.memcpy_gbs[w],
               "copy limit at %d threads", w);
    REQUIRE(a->nexperiments == b->nexperiments);
    for (size_t e = 0; e < a->nexperiments; e++) {
        const struct hl_experiment_result *x = &a->experiments[e], *y = &b->experiments[e];
        CHECK(strcmp(x->workload, y->workload) == 0);
        CHECK(x->warmup == y->warmup && x->runs == y->runs && y->runs == 2);
        REQUIRE(x->nparams == y->nparams && x->nconfigs == y->nconfigs);
        CHECK(hl_experiment_param(y, "n")->i == 1001);
        for (size_t c = 0; c < x->nconfigs; c++) {
            const struct hl_config_result *p = &x->configs[c], *q = &y->configs[c];
            CHECK(strcmp(p->label, q->label) == 0 && strcmp(p->backend, q->backend) == 0);
            CHECK(p->workers == q->workers && p->tasks == q->tasks);
            CHECK((p->note == NULL) == (q->note == NULL));
            CHECK(p->verified == q->verified);
            CHECK(fabs(p->wall_s.median - q->wall_s.median) < 1e-9);
            CHECK(fabs(p->cpu_s.max - q->cpu_s.max) < 1e-9);
            CHECK((isnan(p->speedup) && isnan(q->speedup)) || p->speedup == q->speedup);
            REQUIRE(p->nruns == q->nruns);
            for (size_t r = 0; r < p->nruns; r++) {
                const struct hl_run_result *u = &p->runs[r], *v = &q->runs[r];
                CHECK(fabs(u->wall_s - v->wall_s) < 1e-9 && u->verified == v->verified);
                REQUIRE(u->ntasks == v->ntasks);
                for (size_t t = 0; t < u->ntasks; t++) {
                    const struct hl_task_record *s = &u->tasks[t], *w = &v->tasks[t];
                    CHECKF(s->t0_ns == w->t0_ns && s->t1_ns == w->t1_ns, "task %zu: %lld/%lld", t,
                           (long long)s->t0_ns, (long long)w->t0_ns);
                    CHECK(s->task == w->task && s->worker == w->worker && s->ok == w->ok);
                    CHECK(s->bytes == w->bytes && s->http_status == w->http_status);
                    CHECK(strcmp(s->ok ? "" : s->error, w->error) == 0);
                    REQUIRE(s->nphases == w->nphases);
                    for (int ph = 0; ph < s->nphases; ph++)
                        CHECK(s->phases[ph].kind == w->phases[ph].kind &&
                              s->phases[ph].t0_ns == w->phases[ph].t0_ns &&
                              s->phases[ph].t1_ns == w->phases[ph].t1_ns);
                }
            }
        }
    }
}

/* A malformed file and the words its error must contain. */
struct bad_file {
    const char *text;
    const char *expect;
};

static const struct bad_file bad_files[] = {
    {"", "not valid JSON"},
    {"{\"schema\": ", "not valid JSON"},
    {"[1, 2]", "top level must be an object"},
    {"{\"version\": \"1\"}", "schema: missing"},
    {"{\"schema\": \"other/2\"}", "'other/2' is not supported"},
    {"{\"schema\": \"hetlane-results/1\", \"version\": \"x\", \"host\": {\"cpu\": \"c\"}}",
     "host.cores: missing"},
    {"{\"schema\": \"hetlane-results/1\", \"version\": \"x\", \"host\": {\"cpu\": \"c\", "
     "\"cores\": 2}, \"experiments\": [{\"workload\": \"sum\", \"params\": {}, \"configs\": "
     "[{\"label\": 5}]}]}",
     "experiments[0].configs[0].label: must be a string"},
    {"{\"schema\": \"hetlane-results/1\", \"version\": \"x\", \"host\": {\"cpu\": \"c\", "
     "\"cores\": 2}, \"experiments\": 3}",
     "experiments: must be an array"},
    {"{\"schema\": \"hetlane-results/1\", \"version\": \"x\", \"host\": {\"cpu\": \"c\", "
     "\"cores\": 2, \"copy_limit\": [{\"threads\": 0, \"gbs\": 1}]}, \"experiments\": []}",
     "host.copy_limit[0].threads: 0 is out of range"},
    {"{\"schema\": \"hetlane-results/1\", \"version\": \"x\", \"host\": {\"cpu\": \"c\", "
     "\"cores\": 2}, \"experiments\": [{\"workload\": \"sum\", \"settings\": {\"runs\": 1}}]}",
     "experiments[0].settings.warmup: missing"},
};

/* Files before per-experiment settings give every experiment the global
 * ones; a file without global settings (a demo's) keeps each its own. */
static void test_settings(void) {
    static const char old_file[] =
        "{\"schema\": \"hetlane-results/1\", \"version\": \"x\", \"host\": {\"cpu\": \"c\", "
        "\"cores\": 2}, \"settings\": {\"warmup\": 2, \"runs\": 5}, \"experiments\": "
        "[{\"workload\": \"sum\", \"params\": {}, \"configs\": []}]}";
    static const char demo_file[] =
        "{\"schema\": \"hetlane-results/1\", \"version\": \"x\", \"host\": {\"cpu\": \"c\", "
        "\"cores\": 2}, \"experiments\": [{\"workload\": \"fetch\", \"settings\": "
        "{\"warmup\": 0, \"runs\": 1}, \"params\": {}, \"configs\": []}, {\"workload\": "
        "\"sum\", \"settings\": {\"warmup\": 1, \"runs\": 3}, \"params\": {}, \"configs\": []}]}";
    struct hl_results r;
    struct hl_error err = {0};
    int warmup, runs;
    REQUIRE(hl_results_parse_json(old_file, strlen(old_file), "old", &r, &err) == 0);
    hl_experiment_settings(&r, &r.experiments[0], &warmup, &runs);
    CHECK(warmup == 2 && runs == 5 && !hl_copy_limit_known(&r.copy));
    hl_results_free(&r);
    REQUIRE(hl_results_parse_json(demo_file, strlen(demo_file), "demo", &r, &err) == 0);
    CHECK(r.runs == 0);
    hl_experiment_settings(&r, &r.experiments[0], &warmup, &runs);
    CHECK(warmup == 0 && runs == 1);
    hl_experiment_settings(&r, &r.experiments[1], &warmup, &runs);
    CHECK(warmup == 1 && runs == 3);
    hl_results_free(&r);
}

static void test_bad_files(const char *dir) {
    char path[512];
    snprintf(path, sizeof path, "%s/bad.json", dir);
    for (size_t i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
        FILE *f = fopen(path, "w");
        REQUIRE(f != NULL);
        fputs(bad_files[i].text, f);
        fclose(f);
        struct hl_results r;
        struct hl_error err = {0};
        CHECK(hl_results_read_json(path, &r, &err) == -1);
        CHECK(err.status == HL_ERR_USAGE);
        CHECKF(strstr(err.msg, bad_files[i].expect) != NULL, "case %zu: '%s'", i, err.msg);
        CHECK(r.nexperiments == 0);
    }
    struct hl_results r;
    struct hl_error err = {0};
    CHECK(hl_results_read_json("/nonexistent/results.json", &r, &err) == -1);
    unlink(path);
}

int main(void) {
    char dir[] = "/tmp/hetlane-test-results.XXXXXX";
    REQUIRE(mkdtemp(dir) != NULL);
    struct hl_results written, read;
    struct hl_error err = {0};
    make_results(&written);
    REQUIRE(hl_write_file_atomic(dir, "results.json", write_cb, &written, &err) == 0);
    char path[512];
    snprintf(path, sizeof path, "%s/results.json", dir);
    CHECKF(hl_results_read_json(path, &read, &err) == 0, "%s", err.msg);
    if (err.status == HL_OK)
        compare(&written, &read);
    hl_results_free(&read);
    hl_results_free(&written);
    test_settings();
    test_bad_files(dir);
    unlink(path);
    rmdir(dir);
    return check_finish("test_results");
}
