/* results.json written then read back gives the same numbers, to the
 * nanosecond, and the same text (settings and copy limit included): a
 * model with every field set, each to a value no other field has, is
 * compared field by field, so a writer that puts one field's value under
 * another's name or drops one fails; older
 * files still read; malformed files are refused with a line naming the
 * problem. */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cli/cli.h"
#include "experiment/experiment.h"
#include "model/noise.h"
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
    /* A configuration skipped before any run (the demo's "opencl" on a
     * machine without a device): no times, and it must read back. */
    struct hl_config_result *skipped = hl_experiment_add_config(&r->experiments[0]);
    REQUIRE(skipped != NULL);
    skipped->label = strdup("opencl");
    skipped->backend = strdup("opencl");
    skipped->workers = 1;
    skipped->note = strdup("skipped: no OpenCL device");
    r->copy.memcpy_gbs[1] = 26.364;
    r->copy.streaming_gbs[1] = 37.581;
    r->copy.gbs[1] = 37.581;
    r->copy.memcpy_gbs[2] = 44.75;
    r->copy.streaming_gbs[2] = 72.125;
    r->copy.gbs[2] = 72.125;
    /* Every field that a CPU run leaves empty, and values that no other
     * field shares (a writer that swaps two fields must show). */
    struct hl_config_result *c = &r->experiments[0].configs[1];
    c->device = strdup("a \"device\", named");
    c->transfer = strdup("pinned");
    c->setup_s = 0.123456789;
    c->wall_s = (struct hl_stat){0.011, 0.012, 0.013};
    c->cpu_s = (struct hl_stat){0.021, 0.022, 0.023};
    c->runs[0].wall_s = 0.031;
    c->runs[0].cpu_s = 0.041;
    c->runs[0].verified = false;
    c->runs[0].error = strdup("run failed: \"why\"");
    c->runs[0].tasks[0].bytes = 987654321;
    c->verified = false;
}

static int write_cb(FILE *out, void *ctx, struct hl_error *err) {
    return hl_results_write_json(out, ctx, err);
}

static bool same_text(const char *a, const char *b) {
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool same_real(double a, double b, double tolerance) {
    return (isnan(a) && isnan(b)) || fabs(a - b) <= tolerance;
}

static bool same_stat(struct hl_stat a, struct hl_stat b) {
    return same_real(a.min, b.min, 1e-9) && same_real(a.median, b.median, 1e-9) &&
           same_real(a.max, b.max, 1e-9);
}

static void compare_task(const struct hl_task_record *s, const struct hl_task_record *w, size_t t) {
    CHECKF(s->t0_ns == w->t0_ns && s->t1_ns == w->t1_ns, "task %zu: %lld/%lld", t,
           (long long)s->t0_ns, (long long)w->t0_ns);
    CHECK(s->task == w->task && s->worker == w->worker && s->ok == w->ok);
    CHECKF(s->bytes == w->bytes && s->http_status == w->http_status, "task %zu: %lld bytes", t,
           (long long)w->bytes);
    CHECK(strcmp(s->ok ? "" : s->error, w->error) == 0);
    REQUIRE(s->nphases == w->nphases);
    for (int ph = 0; ph < s->nphases; ph++)
        CHECK(s->phases[ph].kind == w->phases[ph].kind &&
              s->phases[ph].t0_ns == w->phases[ph].t0_ns &&
              s->phases[ph].t1_ns == w->phases[ph].t1_ns);
}

static void compare_config(const struct hl_config_result *p, const struct hl_config_result *q) {
    CHECK(strcmp(p->label, q->label) == 0 && strcmp(p->backend, q->backend) == 0);
    CHECK(p->workers == q->workers && p->tasks == q->tasks);
    CHECKF(same_text(p->device, q->device), "%s: device '%s'", p->label, q->device);
    CHECKF(same_text(p->transfer, q->transfer), "%s: transfer '%s'", p->label, q->transfer);
    CHECKF(same_text(p->note, q->note), "%s: note '%s'", p->label, q->note);
    CHECKF(same_real(p->setup_s, q->setup_s, 1e-9), "%s: setup_s %.9f", p->label, q->setup_s);
    CHECK(p->verified == q->verified);
    CHECKF(same_stat(p->wall_s, q->wall_s), "%s: wall_s %g %g %g", p->label, q->wall_s.min,
           q->wall_s.median, q->wall_s.max);
    CHECKF(same_stat(p->cpu_s, q->cpu_s), "%s: cpu_s %g %g %g", p->label, q->cpu_s.min,
           q->cpu_s.median, q->cpu_s.max);
    CHECKF(same_real(p->speedup, q->speedup, fabs(p->speedup) * 1e-12), "%s: speedup %g", p->label,
           q->speedup);
    CHECK(p->noise.known == q->noise.known && p->stop == q->stop);
    if (p->noise.known && q->noise.known) {
        CHECK(same_real(p->noise.median_ci.lo, q->noise.median_ci.lo, 1e-9) &&
              same_real(p->noise.median_ci.hi, q->noise.median_ci.hi, 1e-9));
        CHECK(same_real(p->noise.max_over_min, q->noise.max_over_min, 1e-6));
        CHECK(p->noise.outliers == q->noise.outliers && p->noise.flagged == q->noise.flagged);
    }
    REQUIRE(p->nruns == q->nruns);
    for (size_t r = 0; r < p->nruns; r++) {
        const struct hl_run_result *u = &p->runs[r], *v = &q->runs[r];
        CHECKF(same_real(u->wall_s, v->wall_s, 1e-9) && same_real(u->cpu_s, v->cpu_s, 1e-9),
               "%s run %zu: wall %.9f cpu %.9f", p->label, r, v->wall_s, v->cpu_s);
        CHECK(u->verified == v->verified);
        CHECKF(same_text(u->error, v->error), "%s run %zu: error '%s'", p->label, r, v->error);
        REQUIRE(u->ntasks == v->ntasks);
        for (size_t t = 0; t < u->ntasks; t++)
            compare_task(&u->tasks[t], &v->tasks[t], t);
    }
}

static void compare(const struct hl_results *a, const struct hl_results *b) {
    CHECK(strcmp(a->version, b->version) == 0);
    CHECK(strcmp(a->cpu, b->cpu) == 0);
    CHECK(a->cores == b->cores && a->runs == b->runs && a->warmup == b->warmup);
    for (int w = 0; w <= HL_COPY_MAX_THREADS; w++)
        CHECKF(a->copy.gbs[w] == b->copy.gbs[w] && a->copy.memcpy_gbs[w] == b->copy.memcpy_gbs[w] &&
                   a->copy.streaming_gbs[w] == b->copy.streaming_gbs[w],
               "copy limit at %d threads: %g %g %g", w, b->copy.memcpy_gbs[w],
               b->copy.streaming_gbs[w], b->copy.gbs[w]);
    REQUIRE(a->nexperiments == b->nexperiments);
    for (size_t e = 0; e < a->nexperiments; e++) {
        const struct hl_experiment_result *x = &a->experiments[e], *y = &b->experiments[e];
        CHECK(strcmp(x->workload, y->workload) == 0);
        CHECK(x->warmup == y->warmup && x->runs == y->runs && y->runs == 2);
        CHECK(x->adaptive == y->adaptive);
        REQUIRE(x->nparams == y->nparams && x->nconfigs == y->nconfigs);
        for (size_t i = 0; i < x->nparams; i++) {
            const struct hl_param *p = &x->params[i], *q = &y->params[i];
            CHECKF(strcmp(p->key, q->key) == 0 && p->type == q->type, "param %zu: %s", i, q->key);
            CHECKF(p->type != HL_PARAM_INT || p->i == q->i, "param %s", p->key);
            CHECKF(p->type != HL_PARAM_REAL || same_real(p->r, q->r, fabs(p->r) * 1e-12),
                   "param %s", p->key);
            CHECKF(p->type != HL_PARAM_TEXT || same_text(p->text, q->text), "param %s", p->key);
        }
        CHECK(hl_experiment_param(y, "n")->i == 1001);
        for (size_t c = 0; c < x->nconfigs; c++)
            compare_config(&x->configs[c], &y->configs[c]);
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

/* results.csv of the same model: each task's own bytes and HTTP status
 * in their columns (the row of the task with 987654321 bytes and no
 * status; the failed one's error, then its bytes, then 500). */
static void test_csv(const struct hl_results *r) {
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    REQUIRE(out != NULL);
    struct hl_error err = {0};
    CHECK(hl_results_write_csv(out, r, &err) == 0);
    REQUIRE(fclose(out) == 0);
    CHECKF(strstr(text, ",,987654321,,") != NULL, "no row with 987654321 bytes:\n%.2000s", text);
    const struct hl_task_record *t = &r->experiments[0].configs[1].runs[1].tasks[2];
    char cells[64];
    snprintf(cells, sizeof cells, "line two \\ end\",%lld,500,", (long long)t->bytes);
    CHECKF(strstr(text, cells) != NULL, "no '%s' in:\n%.2000s", cells, text);
    free(text);
}

/* The noise of 7 runs of wall times first, first + step, ..., the last
 * replaced by `last` when it is more than 0. */
static struct hl_noise noise_of(double first, double step, double last) {
    struct hl_run_result runs[7];
    memset(runs, 0, sizeof runs);
    for (int i = 0; i < 7; i++)
        runs[i].wall_s = first + step * i;
    if (last > 0)
        runs[6].wall_s = last;
    const struct hl_config_result c = {.nruns = 7, .runs = runs};
    struct hl_noise n;
    REQUIRE(hl_noise_of_runs(&c, &n) == 0);
    return n;
}

/* Noisy means the slowest run took more than 1.2x the fastest, or an
 * outlier: evenly spread runs (no outlier) just past and just within. */
static void test_noise_flag(void) {
    struct hl_noise n = noise_of(1.0, 0.05, 0); /* 1.00 .. 1.30 */
    CHECKF(n.known && n.outliers == 0 && fabs(n.max_over_min - 1.3) < 1e-12 && n.flagged,
           "1.3x: outliers %d, flagged %d", n.outliers, (int)n.flagged);
    n = noise_of(1.0, 0.03, 0); /* 1.00 .. 1.18 */
    CHECKF(n.outliers == 0 && !n.flagged, "1.18x: outliers %d, flagged %d", n.outliers,
           (int)n.flagged);
    n = noise_of(1.0, 0.001, 1.5); /* one far slower run: an outlier */
    CHECKF(n.outliers == 1 && n.flagged, "outlier: %d, flagged %d", n.outliers, (int)n.flagged);
}

/* min, median and max, whatever the order; an even count's median is
 * the mean of the middle two. */
static void test_stat(void) {
    static const double odd[] = {0.3, 0.1, 0.2}, even[] = {0.4, 0.1, 0.3, 0.2};
    struct hl_stat s = hl_stat_of(odd, 3);
    CHECK(s.min == 0.1 && s.median == 0.2 && s.max == 0.3);
    s = hl_stat_of(even, 4);
    CHECKF(s.min == 0.1 && fabs(s.median - 0.25) < 1e-15 && s.max == 0.4, "%g %g %g", s.min,
           s.median, s.max);
    s = hl_stat_of(even, 0);
    CHECK(isnan(s.min) && isnan(s.median) && isnan(s.max));
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
    test_csv(&written);
    hl_results_free(&written);
    test_settings();
    test_stat();
    test_noise_flag();
    test_bad_files(dir);
    unlink(path);
    rmdir(dir);
    return check_finish("test_results");
}
