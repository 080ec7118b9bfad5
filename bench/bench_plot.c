/* Chart rendering time against task count: one timeline (lanes, no
 * phases), one with three phases per task, and every chart of the
 * experiment written as PNG files. Prints a table; the memory column is
 * the growth of peak RSS while plotting, which must not grow with tasks
 * (sub-pixel tasks are summed per pixel column, never kept). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "plot/plot.h"
#include "plot/surface.h"
#include "plot/timeline.h"
#include "util/parse.h"

#define MS 1000000LL

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long peak_rss_kib(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Tasks back to back per worker with jittered lengths (a fixed LCG, so
 * every run of the benchmark draws the same picture). */
static void fill_run(struct hl_run_result *run, size_t ntasks, int workers, bool phases) {
    uint64_t seed = 42;
    int64_t clock[256] = {0};
    run->ntasks = ntasks;
    run->tasks = calloc(ntasks, sizeof *run->tasks);
    if (run->tasks == NULL) {
        fprintf(stderr, "bench_plot: out of memory for %zu tasks\n", ntasks);
        exit(1);
    }
    int64_t end = 0;
    for (size_t k = 0; k < ntasks; k++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        struct hl_task_record *t = &run->tasks[k];
        int w = (int)(k % (size_t)workers);
        int64_t len = 20000 + (int64_t)(seed >> 40) % 20000;
        t->task = (int32_t)k;
        t->worker = w;
        t->t0_ns = clock[w] + 500;
        t->t1_ns = t->t0_ns + len;
        t->done = true;
        t->ok = k != ntasks / 3; /* one failure, drawn on top at any count */
        clock[w] = t->t1_ns;
        end = t->t1_ns > end ? t->t1_ns : end;
        if (phases) {
            hl_task_add_phase(t, HL_PHASE_H2D, t->t0_ns, t->t0_ns + len / 4);
            hl_task_add_phase(t, HL_PHASE_KERNEL, t->t0_ns + len / 4, t->t1_ns - len / 4);
            hl_task_add_phase(t, HL_PHASE_D2H, t->t1_ns - len / 4, t->t1_ns);
        }
    }
    run->wall_s = (double)(end + 10000) * 1e-9;
    run->cpu_s = run->wall_s;
    run->verified = true;
}

static void add_config(struct hl_experiment_result *e, const char *label, const char *backend,
                       int workers, size_t ntasks, bool phases) {
    struct hl_config_result *c = hl_experiment_add_config(e);
    c->label = strdup(label);
    c->backend = strdup(backend);
    c->workers = workers;
    c->tasks = (int64_t)ntasks;
    c->runs = calloc(1, sizeof *c->runs);
    c->nruns = 1;
    fill_run(&c->runs[0], ntasks, workers, phases);
}

static void make_results(struct hl_results *r, size_t ntasks) {
    memset(r, 0, sizeof *r);
    r->version = strdup("bench");
    r->cpu = strdup("bench");
    r->cores = 2;
    r->runs = 1;
    struct hl_experiment_result *e = hl_results_add_experiment(r);
    e->workload = strdup("sum");
    add_config(e, "serial", "serial", 1, ntasks, false);
    add_config(e, "pthread:2", "pthread", 2, ntasks, false);
    add_config(e, "opencl", "opencl", 1, ntasks, true);
    for (size_t i = 0; i < e->nconfigs; i++)
        hl_config_summarise(&e->configs[i]);
    hl_experiment_speedups(e);
}

/* Seconds to lay out and render one timeline to an image, best of reps. */
static double time_timeline(const struct hl_results *r, size_t config, int reps) {
    double best = 1e9;
    for (int i = 0; i < reps; i++) {
        struct hl_plot_timeline tl;
        struct hl_error err = {0};
        double t0 = now_s();
        const struct hl_experiment_result *e = &r->experiments[0];
        if (hl_plot_timeline_layout(&tl, r, e, &e->configs[config], hl_plot_style_default(),
                                    &err) != 0) {
            fprintf(stderr, "bench_plot: %s\n", err.msg);
            exit(1);
        }
        struct hl_plot_chart chart = hl_plot_timeline_chart(&tl);
        cairo_surface_t *s = hl_plot_render_image(&chart, &err);
        double t = now_s() - t0;
        if (s == NULL) {
            fprintf(stderr, "bench_plot: %s\n", err.msg);
            exit(1);
        }
        cairo_surface_destroy(s);
        best = t < best ? t : best;
    }
    return best;
}

int main(int argc, char **argv) {
    static const size_t counts[] = {100, 10000, 1000000};
    /* $TMPDIR picks the disk: the files are fsync'ed, as hetlane does. */
    char dir[512];
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/hetlane-bench-plot.XXXXXX", tmp != NULL ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL) {
        perror("bench_plot: mkdtemp");
        return 1;
    }
    int64_t reps64 = 3;
    struct hl_error usage = {0};
    if (argc > 1 && hl_parse_i64(argv[1], "reps", 1, 1000, &reps64, &usage) != 0) {
        fprintf(stderr, "bench_plot: %s\n", usage.msg);
        return 2;
    }
    int reps = (int)reps64;
    printf("chart rendering, best of %d (timeline: layout + draw into an image;\n"
           "all charts: overview, compare, scaling and 3 timelines as PNG files)\n\n",
           reps);
    {
        /* Untimed: the first text drawn loads fontconfig and the fonts. */
        struct hl_results warm;
        make_results(&warm, 10);
        time_timeline(&warm, 1, 1);
        hl_results_free(&warm);
    }
    printf("%10s %14s %18s %16s %14s\n", "tasks", "timeline ms", "timeline+phases ms",
           "all charts ms", "plot RSS MiB");
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        struct hl_results r;
        make_results(&r, counts[i]);
        long rss0 = peak_rss_kib();
        double lanes = time_timeline(&r, 1, reps);
        double phases = time_timeline(&r, 2, reps);
        double all = 1e9;
        for (int k = 0; k < reps; k++) {
            struct hl_error err = {0};
            double t0 = now_s();
            if (hl_plot_save_all(dir, &r, HL_PLOT_PNG, NULL, &err) != 0) {
                fprintf(stderr, "bench_plot: %s\n", err.msg);
                return 1;
            }
            double t = now_s() - t0;
            all = t < all ? t : all;
        }
        long rss1 = peak_rss_kib();
        printf("%10zu %14.1f %18.1f %16.1f %14.1f\n", counts[i], lanes * 1e3, phases * 1e3,
               all * 1e3, (double)(rss1 - rss0) / 1024);
        fflush(stdout);
        hl_results_free(&r);
    }
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_plot: could not remove %s\n", dir);
    return 0;
}
