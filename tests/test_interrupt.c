/* Ctrl-C during a run: SIGINT (or SIGTERM) to hetlane alone, or to its
 * whole process group as a terminal sends it. Every backend stops within
 * seconds of a run that would take minutes; hetlane exits 128 + signal
 * (130 for SIGINT) after one line; no process of the run is left (its
 * process group is empty); no file is left half-written. Interrupting
 * `plot` while it writes charts leaves only whole files too. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "out_check.h"
#include "spawn.h"

#define MAX_ARGS 24

struct stop_case {
    const char *name;
    const char *args[MAX_ARGS]; /* after the binary, before -q -o DIR */
    int sig;
    int whole_group; /* like a terminal's Ctrl-C: every process gets it */
};

static const char *hetlane;
static char tmp[] = "/tmp/hetlane-interrupt.XXXXXX";
static struct spawn_result res;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define FINISHED_FIRST ((size_t)-1)

/* Starts the case, lets it get going, signals it and checks how it ended.
 * Returns how many files it left, or FINISHED_FIRST when may_finish and it
 * was done (status 0) before the signal came. */
static size_t interrupt(const struct stop_case *c, const char *out, double after_s,
                        int may_finish) {
    const char *argv[MAX_ARGS + 6] = {hetlane};
    size_t n = 1;
    for (size_t i = 0; c->args[i] != NULL; i++)
        argv[n++] = c->args[i];
    argv[n++] = "-q";
    argv[n++] = "-o";
    argv[n++] = out;
    argv[n] = NULL;
    struct spawn_proc p;
    REQUIRE(spawn_start(argv, NULL, 1, &p) == 0);
    usleep((useconds_t)(((spawn_wrapped() ? 3.0 : 0.0) + after_s) * 1e6));
    double t0 = now_s();
    REQUIRE(kill(c->whole_group ? -p.pid : p.pid, c->sig) == 0);
    int waited = spawn_wait(&p, 60000, &res);
    double took = now_s() - t0;
    if (may_finish && waited == 0 && res.status == 0)
        return FINISHED_FIRST;
    CHECKF(waited == 0, "%s: still running 60 s after the signal", c->name);
    CHECKF(took < (spawn_wrapped() ? 20.0 : 5.0), "%s: took %.1f s to stop", c->name, took);
    CHECKF(!res.signaled && res.status == 128 + c->sig, "%s: status %d%s: %s", c->name, res.status,
           res.signaled ? " (killed by the signal)" : "", res.err);
    const char *line = c->sig == SIGINT ? "hetlane: interrupted by SIGINT"
                                        : "hetlane: interrupted "
                                          "by SIGTERM";
    CHECKF(count_lines(res.err) == 1 && strncmp(res.err, line, strlen(line)) == 0,
           "%s: stderr '%s'", c->name, res.err);
    errno = 0;
    CHECKF(kill(-p.pid, 0) != 0 && errno == ESRCH, "%s: a process of the run is left", c->name);
    char why[512];
    size_t files;
    CHECKF(out_check(out, &files, why, sizeof why) == 0, "%s: %s", c->name, why);
    printf("%s: stopped %.2f s after %s, status %d\n", c->name, took,
           c->sig == SIGINT ? "SIGINT" : "SIGTERM", res.status);
    return files;
}

/* Interrupted while it writes: plot redraws many charts, and the signal
 * comes three quarters into the time a whole redraw takes here (earlier
 * if the redraw beat it). */
static void test_plot(void) {
    char src[256], results[300], out[256];
    snprintf(src, sizeof src, "%s/src", tmp);
    snprintf(results, sizeof results, "%s/results.json", src);
    snprintf(out, sizeof out, "%s/plot", tmp);
    /* clang-format off */
    const char *make[] = {hetlane, "run", "sum", "-n", "1000", "-t", "2000",
                          "-b", "serial,pthread:2,pthread:3,pthread:4,fork:2,fork:3,fork:4",
                          "-r", "3", "-q", "-o", src, NULL};
    /* clang-format on */
    REQUIRE(spawn_capture(make, NULL, &res) == 0 && res.status == 0);
    const char *whole[] = {hetlane, "plot", results, "-q", "-o", out, NULL};
    double t0 = now_s();
    REQUIRE(spawn_capture(whole, NULL, &res) == 0 && res.status == 0);
    double redraw_s = now_s() - t0;
    out_remove(out);
    struct stop_case c = {"plot", {"plot", results, NULL}, SIGINT, 0};
    /* On a busy machine a redraw may beat the signal: come earlier then. */
    size_t files = FINISHED_FIRST;
    for (double part = 0.75; files == FINISHED_FIRST && part > 0.1; part -= 0.2) {
        out_remove(out);
        files = interrupt(&c, out, redraw_s * part - (spawn_wrapped() ? 3.0 : 0.0), 1);
    }
    CHECKF(files != FINISHED_FIRST, "plot: every redraw finished before the signal");
    printf("plot: %zu whole files written before the interrupt (a whole redraw: %.2f s)\n", files,
           redraw_s);
    out_remove(out);
    out_remove(src);
}

int main(int argc, char **argv) {
    REQUIRE(argc == 2);
    hetlane = argv[1];
    REQUIRE(mkdtemp(tmp) != NULL);
    /* Each would run for minutes: 10000 tasks of 19.5 M additions, or GETs
     * that the server answers after 60 s. */
#define SUM "run", "sum", "-t", "10000", "-r", "100", "--warmup", "0", "-b"
#define FETCH "run", "fetch", "--latency", "60000", "-t", "8", "-r", "10", "--warmup", "0", "-b"
    static const struct stop_case cases[] = {
        {"sum serial", {SUM, "serial", NULL}, SIGINT, 0},
        {"sum pthread:2", {SUM, "pthread:2", NULL}, SIGINT, 0},
        {"sum fork:2", {SUM, "fork:2", NULL}, SIGINT, 0},
        {"sum fork:3, terminal Ctrl-C", {SUM, "fork:3", NULL}, SIGINT, 1},
        {"sum fork:2, SIGTERM", {SUM, "fork:2", NULL}, SIGTERM, 0},
#if HETLANE_WITH_FETCH
        {"fetch serial", {FETCH, "serial", NULL}, SIGINT, 0},
        {"fetch pthread:4", {FETCH, "pthread:4", NULL}, SIGINT, 0},
        {"fetch fork:4", {FETCH, "fork:4", NULL}, SIGINT, 0},
        {"fetch curl-multi:8", {FETCH, "curl-multi:8", NULL}, SIGINT, 0},
#endif
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[256];
        snprintf(out, sizeof out, "%s/case%zu", tmp, i);
        size_t files = interrupt(&cases[i], out, 0.5, 0);
        CHECKF(files == 0, "%s: %zu files written by an interrupted run", cases[i].name, files);
        out_remove(out);
    }
    test_plot();
    rmdir(tmp);
    return check_finish("test_interrupt");
}
