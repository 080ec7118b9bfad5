/* `hetlane demo --quick` as CI runs it: exit 0 within its time budget,
 * one progress line per experiment in a log (a bar on a terminal), every
 * expected file, every run verified, per-experiment settings and the copy
 * limit in results.json, and a report whose fastest configuration per
 * workload is the one results.json says. Its output directory (argv[2])
 * is the fixture the browser test opens. */
#include <math.h>
#include <pty.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "output/results_io.h"
#include "report/report_claims.h"
#include "spawn.h"

/* Budget from the issue: --quick within 10 s on the 2-core machine. The
 * test fails past twice that, so a loaded CI machine does not make it
 * flaky while a demo that grew out of its budget is still caught. */
#define QUICK_BUDGET_S 10.0
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BUDGET_CHECKED 0 /* sanitizers slow everything down: time is printed only */
#else
#define BUDGET_CHECKED 1
#endif

static const char *hetlane;
static struct spawn_result res;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A whole file, NUL-terminated, its size in *len (may be NULL); NULL
 * when it cannot be read. */
static char *slurp_n(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    REQUIRE(buf != NULL && fread(buf, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
    buf[n] = '\0';
    if (len != NULL)
        *len = (size_t)n;
    return buf;
}

static char *slurp(const char *path) {
    return slurp_n(path, NULL);
}

static void expect_file(const char *dir, const char *name) {
    char path[1024];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    CHECKF(stat(path, &st) == 0 && st.st_size > 0, "%s is missing or empty", path);
}

/* The verified configuration with the lowest median, found here without
 * the report's code. */
static const struct hl_config_result *fastest(const struct hl_experiment_result *e) {
    const struct hl_config_result *best = NULL;
    for (size_t c = 0; c < e->nconfigs; c++) {
        const struct hl_config_result *cf = &e->configs[c];
        if (cf->verified && cf->nruns > 0 &&
            (best == NULL || cf->wall_s.median < best->wall_s.median))
            best = cf;
    }
    return best;
}

static void check_results(const char *dir, const struct hl_results *r) {
    static const char *const workloads[] = {"square", "sum", "fetch"};
    static const char *const charts[] = {"overview", "compare", "scaling", "roofline"};
    REQUIRE(r->nexperiments == 3);
    /* The ceilings its configurations need, measured now or cached. */
    CHECK(r->ceilings.measured && hl_ceilings_cpu_copy(&r->ceilings, 1) > 0 &&
          hl_ceilings_cpu_add(&r->ceilings, 1) > 0 && r->ceilings.cpu.threads >= r->cores);
    CHECK(hl_intensity_known(&r->experiments[0].intensity) &&
          r->experiments[0].elements == (double)hl_experiment_param(&r->experiments[0], "n")->i);
    char *md = slurp("report.md"), *html = slurp("report.html");
    REQUIRE(md != NULL && html != NULL);
    for (size_t i = 0; i < 3; i++) {
        const struct hl_experiment_result *e = &r->experiments[i];
        CHECKF(strcmp(e->workload, workloads[i]) == 0, "experiment %zu is %s", i, e->workload);
        /* Adaptive: at least 6 runs (1 for fetch), at most 30 (10), in a
         * tight --quick budget. */
        CHECK(e->adaptive && e->runs == (i == 2 ? 1 : 6) && e->warmup == (i == 2 ? 0 : 1));
        CHECK(e->adapt.min_runs == e->runs && e->adapt.max_runs == (i == 2 ? 10 : 30));
        CHECK(e->adapt.budget_s <= 0.25 && e->adapt.target == 0.05);
        CHECK(e->nconfigs >= (i == 2 ? 10u : 5u));
        /* square and sum fit the machine: 1, 2, 4, ... and P workers */
        for (int w = 1; i < 2 && w <= r->cores;
             w = w < r->cores && w * 2 > r->cores ? r->cores : w * 2) {
            char want[2][32];
            snprintf(want[0], sizeof want[0], "pthread:%d", w);
            snprintf(want[1], sizeof want[1], "fork:%d", w);
            for (int k = 0; k < 2; k++) {
                bool found = false;
                for (size_t c = 0; c < e->nconfigs; c++)
                    found = found || strcmp(e->configs[c].label, want[k]) == 0;
                CHECKF(found, "%s has no %s", e->workload, want[k]);
            }
        }
        char name[256];
        for (size_t k = 0; k < (i < 2 ? 4u : 3u); k++) { /* the roofline: square and sum */
            snprintf(name, sizeof name, "%s-%s.png", e->workload, charts[k]);
            expect_file(dir, name);
            CHECKF(strstr(html, name) != NULL, "report.html does not show %s", name);
        }
        for (size_t c = 0; c < e->nconfigs; c++) {
            const struct hl_config_result *cf = &e->configs[c];
            if (cf->nruns == 0) { /* only "no OpenCL device" may skip */
                CHECKF(strcmp(cf->backend, "opencl") == 0 && cf->note != NULL &&
                           strncmp(cf->note, "skipped:", 8) == 0,
                       "%s %s did not run: %s", e->workload, cf->label, cf->note);
                char why[512];
                snprintf(why, sizeof why, "the demo ran no OpenCL configuration (%s)",
                         cf->note != NULL ? cf->note : "no note");
                part_missing("test_demo", why);
                continue;
            }
            CHECKF(cf->verified, "%s %s did not verify", e->workload, cf->label);
            for (size_t k = 0; k < cf->nruns; k++)
                CHECK(cf->runs[k].verified);
            /* The runs made and the interval are in results.json. */
            CHECKF(cf->noise.known && cf->stop != HL_STOP_UNKNOWN, "%s %s: no noise", e->workload,
                   cf->label);
            CHECK(cf->nruns >= (size_t)e->adapt.min_runs && cf->nruns <= (size_t)e->adapt.max_runs);
            CHECK(cf->noise.median_ci.lo <= cf->wall_s.median &&
                  cf->wall_s.median <= cf->noise.median_ci.hi);
            snprintf(name, sizeof name, "%s-timeline-%s.png", e->workload, cf->label);
            for (char *p = name; *p != '\0'; p++)
                *p = *p == ':' || *p == '/' || *p == '+' ? '-' : *p;
            expect_file(dir, name);
        }
        const struct hl_config_result *best = fastest(e);
        REQUIRE(best != NULL);
        char row[256];
        snprintf(row, sizeof row, "| %s | %s |", e->workload, best->label);
        CHECKF(strstr(md, row) != NULL, "report.md's summary lacks '%s'", row);
        snprintf(row, sizeof row, "<td>%s</td><td>%s</td>", e->workload, best->label);
        CHECKF(strstr(html, row) != NULL, "report.html's summary lacks '%s'", row);
        snprintf(row, sizeof row, "**Fastest.** %s was fastest at", best->label);
        CHECKF(strstr(md, row) != NULL, "report.md lacks '%s'", row);
    }
    free(md);
    free(html);
}

/* The real results, doctored: sum's threads made slow, and fetch's serial
 * busy. The conclusions must follow. */
static void check_doctored(struct hl_results *r) {
    struct hl_experiment_result *sum = &r->experiments[1], *fetch = &r->experiments[2];
    for (size_t c = 0; c < sum->nconfigs; c++) {
        struct hl_config_result *cf = &sum->configs[c];
        for (size_t k = 0; strcmp(cf->backend, "pthread") == 0 && k < cf->nruns; k++)
            cf->runs[k].wall_s = sum->configs[0].wall_s.max * 3; /* past all of serial's runs */
        hl_config_summarise(cf);
    }
    hl_experiment_speedups(sum);
    struct hl_claims cl;
    hl_report_claims(r, sum, &cl);
    for (size_t k = 0; k < cl.n; k++) {
        CHECKF(strstr(cl.items[k].text, "Threads won") == NULL, "%s", cl.items[k].text);
        CHECKF(strstr(cl.items[k].text, "threads did speed it up") == NULL, "%s", cl.items[k].text);
        if (cl.items[k].topic == HL_CLAIM_THREADS)
            CHECKF(strstr(cl.items[k].text, "Threads lost") != NULL, "%s", cl.items[k].text);
    }
    hl_report_claims(r, fetch, &cl);
    CHECK(cl.finding.bound == HL_BOUND_IO);
    for (size_t c = 0; c < fetch->nconfigs; c++) {
        struct hl_config_result *cf = &fetch->configs[c];
        for (size_t k = 0; k < cf->nruns; k++)
            cf->runs[k].cpu_s = cf->runs[k].wall_s;
        hl_config_summarise(cf);
    }
    hl_report_claims(r, fetch, &cl);
    CHECK(cl.finding.bound != HL_BOUND_IO);
}

/* On a terminal the demo draws its bar, naming the configuration. */
static void check_terminal(const char *dir) {
    int master;
    fflush(NULL);
    pid_t pid = forkpty(&master, NULL, NULL, NULL);
    if (pid < 0) {
        printf("test_demo: no pseudo-terminal here; the bar is not tested\n");
        return;
    }
    if (pid == 0) {
        setenv("TERM", "xterm", 1);
        execl(hetlane, hetlane, "demo", "--quick", "-o", dir, (char *)NULL);
        _exit(127);
    }
    static char out[1 << 16];
    size_t len = 0;
    ssize_t n;
    while (len + 1 < sizeof out && (n = read(master, out + len, sizeof out - 1 - len)) > 0)
        len += (size_t)n;
    out[len] = '\0';
    int status;
    waitpid(pid, &status, 0);
    close(master);
    CHECKF(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d", status);
    CHECKF(strstr(out, "\r[") != NULL && strstr(out, "s left") != NULL, "no bar in '%.300s'", out);
    CHECKF(strstr(out, "square pthread:2") != NULL, "the bar names no configuration");
    CHECKF(strstr(out, "hetlane demo: fetch:") != NULL, "no line per experiment");
}

int main(int argc, char **argv) {
    REQUIRE(argc == 3);
    /* Absolute: the test changes directory before its second run. */
    static char exe[4096], dir[4096], cwd[2048];
    REQUIRE(realpath(argv[1], exe) != NULL && getcwd(cwd, sizeof cwd) != NULL);
    hetlane = exe;
    snprintf(dir, sizeof dir, "%s%s%s", argv[2][0] == '/' ? "" : cwd, argv[2][0] == '/' ? "" : "/",
             argv[2]);
    /* A fresh directory each time: the last run left its redraw folder
     * inside, which hetlane (rightly) takes for someone else's. */
    char clean[sizeof dir * 2 + 64];
    snprintf(clean, sizeof clean, "rm -rf '%s' '%s-tty'", dir, dir);
    REQUIRE(system(clean) == 0);
    const char *usage[] = {hetlane, "demo", "--bogus", "-o", dir, NULL};
    REQUIRE(spawn_capture(usage, NULL, &res) == 0);
    CHECK(res.status == 2 && count_lines(res.err) == 1 && strstr(res.err, "--bogus") != NULL);
    /* An output directory that cannot be written is refused before any work. */
    const char *unwritable[] = {hetlane, "demo", "--quick", "-o", "/proc/hetlane-demo", NULL};
    double t_refused = now_s();
    REQUIRE(spawn_capture(unwritable, NULL, &res) == 0);
    CHECKF(res.status == 2 && count_lines(res.err) == 1 && strstr(res.err, "--out") != NULL,
           "status %d: %s", res.status, res.err);
    CHECK(now_s() - t_refused < 2.0);
    const char *help[] = {hetlane, "demo", "--help", NULL};
    REQUIRE(spawn_capture(help, NULL, &res) == 0);
    CHECK(res.status == 0 && strstr(res.out, "usage: hetlane demo") != NULL);

    const char *argv_demo[] = {hetlane, "demo", "--quick", "-o", dir, NULL};
    double t0 = now_s();
    REQUIRE(spawn_capture(argv_demo, NULL, &res) == 0);
    double took = now_s() - t0;
    printf("test_demo: hetlane demo --quick took %.1f s (budget %.0f s)\n", took, QUICK_BUDGET_S);
    CHECKF(res.status == 0, "status %d: %s", res.status, res.err);
    CHECKF(!BUDGET_CHECKED || took < 2 * QUICK_BUDGET_S, "took %.1f s", took);
    /* Not a terminal: one line per experiment (and the copy limit), no bar. */
    int lines = 0;
    for (const char *s = res.err; (s = strstr(s, "hetlane demo: ")) != NULL; s++)
        lines++;
    CHECKF(lines == 4, "%d progress lines in '%s'", lines, res.err);
    CHECK(strchr(res.err, '\r') == NULL);
    CHECK(strstr(res.out, "square (n = 4000000") != NULL); /* the summary table */

    char tty_dir[sizeof dir + 8];
    snprintf(tty_dir, sizeof tty_dir, "%s-tty", dir);
    REQUIRE(chdir(dir) == 0);
    static const char *const files[] = {"results.json", "results.csv", "trace.json", "report.html",
                                        "report.md"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        expect_file(".", files[i]);
    struct hl_results r;
    struct hl_error err = {0};
    REQUIRE(hl_results_read_json("results.json", &r, &err) == 0);
    check_results(".", &r);
    check_doctored(&r);
    hl_results_free(&r);

    /* Redrawn from results.json (`hetlane plot`), the charts are the same
     * bytes: nothing the demo drew depends on what the file lacks. */
    const char *replot[] = {hetlane, "plot", "results.json", "-o", "replot", "-q", NULL};
    REQUIRE(spawn_capture(replot, NULL, &res) == 0);
    CHECKF(res.status == 0, "%s", res.err);
    static const char *const redrawn[] = {"fetch-compare.png", "square-scaling.png",
                                          "sum-overview.png"};
    for (size_t i = 0; i < sizeof redrawn / sizeof redrawn[0]; i++) {
        char again[256];
        snprintf(again, sizeof again, "replot/%s", redrawn[i]);
        size_t la = 0, lb = 0;
        char *a = slurp_n(redrawn[i], &la), *b = slurp_n(again, &lb);
        CHECKF(a != NULL && b != NULL && la == lb && la > 0 && memcmp(a, b, la) == 0,
               "%s differs when redrawn", redrawn[i]);
        free(a);
        free(b);
    }

    check_terminal(tty_dir);
    return check_finish("test_demo");
}
