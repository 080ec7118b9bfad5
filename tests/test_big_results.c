/* `hetlane plot` of a big results.json (a million tasks, about 100 MB):
 * the reader streams, so the process's peak memory stays within a small
 * multiple of the file (the model holds a fixed-size record per task,
 * about 2.6 times a task's line in the file); and SIGINT, while it reads
 * or while it draws, ends it within a second with status 130 and no
 * partial file.
 *
 *   test_big_results HETLANE */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "out_check.h"
#include "spawn.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

#define TASKS 1000000

static const char *hetlane;
static char tmp[] = "/tmp/hetlane-big.XXXXXX";

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One sum experiment, one serial run of TASKS tasks, as hetlane writes it. */
static long write_big(const char *path) {
    FILE *f = fopen(path, "w");
    REQUIRE(f != NULL);
    double wall = TASKS * 30e-9 + 1e-5;
    fprintf(
        f,
        "{\"schema\":\"hetlane-results/1\",\"version\":\"0.1.0\",\"host\":{\"cpu\":\"big\","
        "\"cores\":2},\"settings\":{\"warmup\":0,\"runs\":1},\"experiments\":[\n"
        "{\"workload\":\"sum\",\"settings\":{\"warmup\":0,\"runs\":1},\"params\":{\"n\":1,"
        "\"tasks\":%d},\"configs\":[\n{\"label\":\"serial\",\"backend\":\"serial\","
        "\"workers\":1,\"device\":null,\"transfer\":null,\"tasks\":%d,\"setup_s\":0.000000060,"
        "\"note\":null,\"wall_s\":{\"min\":%.9f,\"median\":%.9f,\"max\":%.9f},\"cpu_s\":{\"min\":"
        "%.9f,\"median\":%.9f,\"max\":%.9f},\"speedup\":1,\"verified\":true,\"runs\":[\n"
        "{\"wall_s\":%.9f,\"cpu_s\":%.9f,\"verified\":true,\"error\":null,\"tasks\":[",
        TASKS, TASKS, wall, wall, wall, wall, wall, wall, wall, wall);
    for (long t = 0; t < TASKS; t++)
        fprintf(f,
                "%s\n{\"id\":%ld,\"worker\":0,\"start_s\":%.9f,\"end_s\":%.9f,\"ok\":true,"
                "\"error\":null,\"bytes\":0,\"phases\":[]}",
                t > 0 ? "," : "", t, (double)t * 30e-9 + 1e-5, (double)t * 30e-9 + 2e-5);
    fputs("]}]}]}]}\n", f);
    REQUIRE(fclose(f) == 0);
    struct stat st;
    REQUIRE(stat(path, &st) == 0);
    return (long)st.st_size;
}

/* Runs plot; SIGINT after `after_s` (< 0: never). Returns the status;
 * *took_s is the time from the signal (or the start) to the end, *rss_kb
 * the child's peak resident memory. */
static int plot(const char *results, const char *out, double after_s, double *took_s,
                long *rss_kb) {
    fflush(NULL);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const char *argv[] = {hetlane, "plot", results, "-q", "-o", out, NULL};
        spawn_exec(argv);
    }
    double t0 = now_s();
    if (after_s >= 0) {
        usleep((useconds_t)(after_s * 1e6));
        t0 = now_s();
        kill(pid, SIGINT);
    }
    int status;
    struct rusage ru;
    REQUIRE(wait4(pid, &status, 0, &ru) == pid);
    *took_s = now_s() - t0;
    *rss_kb = ru.ru_maxrss;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv) {
    REQUIRE(argc == 2);
    hetlane = argv[1];
    REQUIRE(mkdtemp(tmp) != NULL);
    char results[128], out[128];
    snprintf(results, sizeof results, "%s/results.json", tmp);
    snprintf(out, sizeof out, "%s/out", tmp);
    long size = write_big(results);
    double whole_s;
    long rss_kb;
    int status = plot(results, out, -1, &whole_s, &rss_kb);
    CHECKF(status == 0, "plot of %ld bytes: status %d", size, status);
    double ratio = (double)rss_kb * 1024 / (double)size;
    printf("plot of %d tasks (%.1f MB): %.2f s, peak memory %.1f MB (%.2f x the file)\n", TASKS,
           (double)size / 1e6, whole_s, (double)rss_kb / 1024, ratio);
    /* jansson's tree took 12 x the file; the model alone is ~2.6 x. */
    CHECKF(UNDER_ASAN || ratio < 3.5, "peak memory %.2f x the file", ratio);
    out_remove(out);

    /* SIGINT while reading (early) and while drawing (late): within 1 s. */
    const double at[] = {0.2, whole_s * 0.8};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        double took;
        status = plot(results, out, at[i], &took, &rss_kb);
        if (status == 0) { /* a fast machine finished first: nothing to judge */
            printf("SIGINT at %.2f s: the plot had finished\n", at[i]);
            out_remove(out);
            continue;
        }
        CHECKF(status == 130, "SIGINT at %.2f s: status %d", at[i], status);
        CHECKF(took < 1.0, "SIGINT at %.2f s: took %.2f s to stop", at[i], took);
        /* A signal after the set was committed finds whole files; before,
         * none. Never a part of one. */
        char why[512];
        size_t files;
        CHECKF(out_check(out, &files, why, sizeof why) == 0, "SIGINT at %.2f s: %s", at[i], why);
        printf("SIGINT at %.2f s: stopped in %.3f s, status %d\n", at[i], took, status);
        out_remove(out);
    }
    unlink(results);
    rmdir(tmp);
    return check_finish("test_big_results");
}
