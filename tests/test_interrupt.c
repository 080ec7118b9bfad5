/* Ctrl-C during a run: SIGINT (or SIGTERM, or SIGHUP when the terminal
 * closes) to hetlane alone, or to its whole process group as a terminal
 * sends it. Every backend, and the demo, stops within seconds of a run
 * that would take minutes; hetlane exits 128 + signal (130 for SIGINT)
 * after one line; no process of the run is left (its process group is
 * empty); no file is left half-written. Interrupting `plot` while it
 * writes charts leaves only whole files too. And a hetlane killed
 * outright (SIGKILL: no handler runs) takes its fork workers with it,
 * whether they compute or wait on a server. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
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
    int unwrapped;   /* the same path as a case before it: not under valgrind */
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

/* Starts hetlane ARGS -q -o OUT in a process group of its own (so a test
 * can signal the group, as a terminal would). */
static void start_in_group(const char *const *args, const char *out, struct spawn_proc *p) {
    const char *argv[MAX_ARGS + 6] = {hetlane};
    size_t n = 1;
    for (size_t i = 0; args[i] != NULL && n < MAX_ARGS + 1; i++)
        argv[n++] = args[i];
    argv[n++] = "-q";
    argv[n++] = "-o";
    argv[n++] = out;
    argv[n] = NULL;
    REQUIRE(spawn_start(argv, NULL, 1, p) == 0);
}

/* Starts the case, lets it get going, signals it and checks how it ended.
 * Returns how many files it left, or FINISHED_FIRST when may_finish and it
 * was done (status 0) before the signal came. */
static size_t interrupt(const struct stop_case *c, const char *out, double after_s,
                        int may_finish) {
    struct spawn_proc p;
    start_in_group(c->args, out, &p);
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
    char line[64];
    snprintf(line, sizeof line, "hetlane: interrupted by SIG%s", sigabbrev_np(c->sig));
    CHECKF(count_lines(res.err) == 1 && strncmp(res.err, line, strlen(line)) == 0,
           "%s: stderr '%s'", c->name, res.err);
    errno = 0;
    CHECKF(kill(-p.pid, 0) != 0 && errno == ESRCH, "%s: a process of the run is left", c->name);
    char why[512];
    size_t files;
    CHECKF(out_check(out, &files, why, sizeof why) == 0, "%s: %s", c->name, why);
    /* A command that wrote nothing takes away the directory it made. */
    CHECKF(files > 0 || access(out, F_OK) != 0, "%s: left the empty %s it made", c->name, out);
    printf("%s: stopped %.2f s after SIG%s, status %d\n", c->name, took, sigabbrev_np(c->sig),
           res.status);
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
    struct stop_case c = {"plot", {"plot", results, NULL}, SIGINT, 0, 0};
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

/* Live (not zombie) processes in process group pgid, from /proc. */
static int group_members(pid_t pgid) {
    DIR *d = opendir("/proc");
    REQUIRE(d != NULL);
    int n = 0;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        char path[300], buf[512];
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        if (f == NULL)
            continue; /* gone meanwhile */
        size_t got = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[got] = '\0';
        /* pid (comm) state ppid pgrp ...: comm may hold spaces, so after
         * the last ')'. */
        const char *rest = strrchr(buf, ')');
        if (rest == NULL || rest[1] != ' ' || rest[2] == '\0' || rest[2] == 'Z')
            continue; /* unreadable, or a zombie */
        char *end = NULL;
        strtol(rest + 3, &end, 10); /* ppid */
        long pgrp = strtol(end, NULL, 10);
        n += pgrp == (long)pgid;
    }
    closedir(d);
    return n;
}

/* SIGKILL to hetlane alone: no handler runs, so only the kernel can stop
 * its workers (PR_SET_PDEATHSIG). This test is their subreaper, so that
 * orphans come to it (PID 1 of a container may never reap them). */
static void test_killed(const char *name, const char *const *args, int workers) {
    char out[256];
    snprintf(out, sizeof out, "%s/killed", tmp);
    struct spawn_proc p;
    start_in_group(args, out, &p);
    int members = 0;
    for (int waited = 0; waited < 30000 && members < workers + 1; waited += 50) {
        usleep(50000);
        members = group_members(p.pid);
    }
    CHECKF(members >= workers + 1, "%s: %d processes in the group, want hetlane and %d workers",
           name, members, workers);
    REQUIRE(kill(p.pid, SIGKILL) == 0);
    spawn_wait(&p, 10000, &res);
    double t0 = now_s();
    while (group_members(p.pid) > 0 && now_s() - t0 < 5) {
        pid_t reaped;
        do {
            reaped = waitpid(-p.pid, NULL, WNOHANG);
        } while (reaped > 0);
        usleep(10000);
    }
    int left = group_members(p.pid);
    CHECKF(left == 0, "%s: %d workers outlived hetlane (SIGKILL) by 5 s", name, left);
    printf("%s: SIGKILL to hetlane took its %d workers with it in %.2f s\n", name, workers,
           now_s() - t0);
    kill(-p.pid, SIGKILL); /* whatever the check found, leave nothing running */
    pid_t reaped;
    do {
        reaped = waitpid(-p.pid, NULL, 0);
    } while (reaped > 0);
    out_remove(out);
}

/* Workers that wait on a server outside hetlane (one that answers after
 * a minute): only their death with the parent ends them early. */
static void test_killed_fetch(void) {
    const char *serve[] = {hetlane, "serve", "--port", "0", "--latency", "60000", NULL};
    struct spawn_proc server;
    REQUIRE(spawn_start(serve, NULL, 1, &server) == 0);
    char url[128] = "";
    for (int waited = 0; waited < 30000 && strchr(url, '\n') == NULL; waited += 50) {
        usleep(50000);
        rewind(server.out);
        size_t got = fread(url, 1, sizeof url - 1, server.out);
        url[got] = '\0';
    }
    REQUIRE(strchr(url, '\n') != NULL);
    *strchr(url, '\n') = '\0';
    const char *args[] = {"run",       "fetch", "--url", url, "-t",       "4", "-b", "fork:4",
                          "--timeout", "300",   "-r",    "1", "--warmup", "0", NULL};
    test_killed("fetch fork:4 on an outside server", args, 4);
    kill(server.pid, SIGTERM);
    spawn_wait(&server, 10000, &res);
}

int main(int argc, char **argv) {
    REQUIRE(argc == 2);
    hetlane = argv[1];
    REQUIRE(mkdtemp(tmp) != NULL);
    REQUIRE(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
    /* Each would run for minutes: 10000 tasks of 19.5 M additions, or GETs
     * that the server answers after 60 s. */
#define SUM "run", "sum", "-t", "10000", "-r", "100", "--warmup", "0", "-b"
#define FETCH "run", "fetch", "--latency", "60000", "-t", "8", "-r", "10", "--warmup", "0", "-b"
    static const struct stop_case cases[] = {
        {"sum serial", {SUM, "serial", NULL}, SIGINT, 0, 0},
        {"sum pthread:2", {SUM, "pthread:2", NULL}, SIGINT, 0, 0},
        {"sum fork:2", {SUM, "fork:2", NULL}, SIGINT, 0, 0},
        {"sum fork:3, terminal Ctrl-C", {SUM, "fork:3", NULL}, SIGINT, 1, 0},
        {"sum fork:2, SIGTERM", {SUM, "fork:2", NULL}, SIGTERM, 0, 0},
        {"sum fork:2, SIGHUP", {SUM, "fork:2", NULL}, SIGHUP, 0, 0},
        {"sum pthread:2, terminal closed", {SUM, "pthread:2", NULL}, SIGHUP, 1, 1},
#if HETLANE_WITH_FETCH
        {"fetch serial", {FETCH, "serial", NULL}, SIGINT, 0, 0},
        {"fetch pthread:4", {FETCH, "pthread:4", NULL}, SIGINT, 0, 0},
        {"fetch fork:4", {FETCH, "fork:4", NULL}, SIGINT, 0, 0},
        {"fetch curl-multi:8", {FETCH, "curl-multi:8", NULL}, SIGINT, 0, 0},
        {"fetch fork:4, SIGHUP", {FETCH, "fork:4", NULL}, SIGHUP, 0, 1},
        /* The demo measures, then runs every workload: a signal in either. */
        {"demo, SIGTERM", {"demo", "--quick", NULL}, SIGTERM, 0, 0},
        {"demo, SIGHUP", {"demo", "--quick", NULL}, SIGHUP, 0, 1},
        {"demo, terminal Ctrl-C", {"demo", "--quick", NULL}, SIGINT, 1, 1},
#endif
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (cases[i].unwrapped && spawn_wrapped())
            continue; /* valgrind: each case costs seconds of start-up */
        char out[256];
        snprintf(out, sizeof out, "%s/case%zu", tmp, i);
        size_t files = interrupt(&cases[i], out, 0.5, 0);
        CHECKF(files == 0, "%s: %zu files written by an interrupted run", cases[i].name, files);
        out_remove(out);
    }
    test_plot();
    static const char *const sum_fork[] = {SUM, "fork:2", NULL};
    test_killed("sum fork:2", sum_fork, 2);
#if HETLANE_WITH_FETCH
    test_killed_fetch();
#endif
    rmdir(tmp);
    return check_finish("test_interrupt");
}
