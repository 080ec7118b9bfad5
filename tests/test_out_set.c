/* One output directory holds one result set (output/out_set.h), as a user
 * meets it: a run after the demo and the demo after a run leave nothing of
 * the earlier set; a crash while a set is written leaves the older set
 * whole, byte for byte; a crash while it is committed is finished by the
 * next command; a directory holding anything hetlane did not write is
 * refused with one line and left alone; a second hetlane on the same
 * directory is refused; `plot` in place completes its set. */
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "out_check.h"
#include "output/out_set.h"
#include "output/results_io.h"
#include "spawn.h"

#define MAX_FILES 128

static const char *hetlane;
static char tmp[] = "/tmp/hetlane-outset.XXXXXX";
static struct spawn_result res;

/* A directory's entries (dot ones included) with a hash of each file. */
struct snapshot {
    size_t n;
    char names[MAX_FILES][256];
    uint64_t hash[MAX_FILES];
};

static uint64_t file_hash(const char *path) {
    FILE *f = fopen(path, "rb");
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    if (f == NULL)
        return 0;
    int c;
    while ((c = fgetc(f)) != EOF)
        h = (h ^ (uint64_t)c) * 1099511628211ull;
    fclose(f);
    return h;
}

static int by_name(const void *a, const void *b) {
    return strcmp(a, b);
}

static void snap(const char *dir, struct snapshot *s) {
    memset(s, 0, sizeof *s);
    DIR *d = opendir(dir);
    REQUIRE(d != NULL);
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        REQUIRE(s->n < MAX_FILES);
        snprintf(s->names[s->n++], sizeof s->names[0], "%s", e->d_name);
    }
    closedir(d);
    qsort(s->names, s->n, sizeof s->names[0], by_name);
    for (size_t i = 0; i < s->n; i++) {
        char path[600];
        snprintf(path, sizeof path, "%s/%s", dir, s->names[i]);
        s->hash[i] = file_hash(path);
    }
}

static bool has(const struct snapshot *s, const char *name) {
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->names[i], name) == 0)
            return true;
    }
    return false;
}

/* Names starting with `prefix` (or containing it, when anywhere). */
static size_t count_like(const struct snapshot *s, const char *part, bool anywhere) {
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += anywhere ? strstr(s->names[i], part) != NULL
                      : strncmp(s->names[i], part, strlen(part)) == 0;
    return n;
}

static bool same(const struct snapshot *a, const struct snapshot *b) {
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++) {
        if (strcmp(a->names[i], b->names[i]) != 0 || a->hash[i] != b->hash[i])
            return false;
    }
    return true;
}

static int run(const char *const *argv, const char *fault) {
    const char *env[] = {fault, NULL};
    REQUIRE(spawn_capture(argv, env, &res) == 0);
    return res.status;
}

/* hetlane run WORKLOAD -n 1000 -b SPEC -r 2 --warmup 0 -q -o dir */
static int run_small(const char *workload, const char *spec, const char *dir, const char *fault) {
    const char *argv[] = {hetlane, "run",      workload, "-n", "1000", "-b", spec, "-r",
                          "2",     "--warmup", "0",      "-q", "-o",   dir,  NULL};
    return run(argv, fault);
}

static char *workload_of(const char *dir, char *buf, size_t size) {
    char path[300];
    snprintf(path, sizeof path, "%s/results.json", dir);
    struct hl_results r;
    struct hl_error err = {0};
    buf[0] = '\0';
    if (hl_results_read_json(path, &r, &err) == 0) {
        for (size_t i = 0; i < r.nexperiments; i++)
            snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", i > 0 ? "," : "",
                     r.experiments[i].workload);
        hl_results_free(&r);
    }
    return buf;
}

static void test_names(void) {
    static const char *const ours[] = {"results.json",
                                       "results.csv",
                                       "trace.json",
                                       "report.html",
                                       "report.md",
                                       "sum-compare.png",
                                       "sum-2-overview.svg",
                                       "fetch-compare-sets.pdf",
                                       "square-scaling.png",
                                       "square-timeline-pthread-2.png",
                                       "sum-timeline-opencl-0-0-no-overlap.png"};
    static const char *const theirs[] = {
        "notes.txt",       "results.json.bak", "-compare.png", ".sum-compare.png",
        "sum-compare.jpg", "a b-compare.png",  "compare.png",  "sum-timeline-.png",
        "-timeline-x.png", "README",           "results.JSON", "sum-compare.png.orig"};
    for (size_t i = 0; i < sizeof ours / sizeof ours[0]; i++)
        CHECKF(hl_out_set_name_is_ours(ours[i]), "%s should be hetlane's", ours[i]);
    for (size_t i = 0; i < sizeof theirs / sizeof theirs[0]; i++)
        CHECKF(!hl_out_set_name_is_ours(theirs[i]), "%s should not be hetlane's", theirs[i]);
}

/* A run, the demo over it, a run over the demo: each leaves its own set. */
static void test_sets_replace(void) {
    char dir[256], wl[64];
    snprintf(dir, sizeof dir, "%s/mixed", tmp);
    struct snapshot s;
    CHECKF(run_small("sum", "pthread:7", dir, NULL) == 0, "%s", res.err);
    snap(dir, &s);
    bool charts = has(&s, "sum-compare.png");
    CHECK(!charts || has(&s, "sum-timeline-pthread-7.png"));

    const char *demo[] = {hetlane, "demo", "--quick", "-q", "-o", dir, NULL};
    CHECKF(run(demo, NULL) == 0, "demo over a run: %s", res.err);
    snap(dir, &s);
    CHECK(has(&s, "report.html") && has(&s, "report.md"));
    CHECKF(count_like(&s, "pthread-7", true) == 0, "the run's chart survived the demo");
    CHECK(strcmp(workload_of(dir, wl, sizeof wl), "square,sum,fetch") == 0);
    CHECK(count_like(&s, ".", false) == 0);

    CHECKF(run_small("square", "serial", dir, NULL) == 0, "run over the demo: %s", res.err);
    snap(dir, &s);
    CHECKF(!has(&s, "report.html") && !has(&s, "report.md"), "the demo's report survived");
    CHECKF(count_like(&s, "sum-", false) == 0 && count_like(&s, "fetch-", false) == 0,
           "the demo's charts survived");
    CHECK(strcmp(workload_of(dir, wl, sizeof wl), "square") == 0);
    /* Exactly the run's files: results, trace and, drawn, 5 charts (the
     * roofline among them). */
    CHECKF(s.n == (charts ? 8u : 3u), "%zu files after the run", s.n);
    printf("sets: a run, the demo over it, a run over that: each left only its own files\n");
    out_remove(dir);
}

/* Killed while writing the K-th file of a new set: the old set stays
 * whole, and the next run cleans up and writes its own. */
static void test_crash_mid_write(void) {
    char dir[256], fault[64], wl[64];
    snprintf(dir, sizeof dir, "%s/crash", tmp);
    REQUIRE(run_small("sum", "serial,pthread:2", dir, NULL) == 0);
    struct snapshot before, after;
    snap(dir, &before);
    int crashes = 0;
    for (int k = 1; k <= 7; k += 3) {
        snprintf(fault, sizeof fault, "HETLANE_FAULT=crash:%d", k);
        int status = run_small("square", "serial,fork:2", dir, fault);
        CHECKF(status == 128 + 9, "crash:%d: status %d: %s", k, status, res.err);
        snap(dir, &after);
        /* Visible files unchanged, byte for byte; the staging directory
         * may stay until the next command. */
        struct snapshot visible = after;
        visible.n = 0;
        for (size_t i = 0; i < after.n; i++) {
            if (after.names[i][0] != '.') {
                memcpy(visible.names[visible.n], after.names[i], sizeof after.names[i]);
                visible.hash[visible.n++] = after.hash[i];
            }
        }
        CHECKF(same(&before, &visible), "crash:%d changed the older set", k);
        crashes++;
    }
    CHECKF(run_small("square", "serial", dir, NULL) == 0, "%s", res.err);
    snap(dir, &after);
    CHECK(count_like(&after, ".", false) == 0 && count_like(&after, "sum-", false) == 0);
    CHECK(strcmp(workload_of(dir, wl, sizeof wl), "square") == 0);
    char why[256];
    size_t files;
    CHECKF(out_check(dir, &files, why, sizeof why) == 0, "%s", why);
    printf("crash mid-write: %d crashes, the older set whole each time; the next run cleaned up\n",
           crashes);
    out_remove(dir);
}

/* Killed at every step of a commit in turn: the next command that opens
 * the directory (here `plot` in place) finishes it, so the directory holds
 * the new set alone. */
static void test_crash_mid_commit(void) {
    char dir[256], fault[64], wl[64], results[300];
    snprintf(dir, sizeof dir, "%s/commit", tmp);
    snprintf(results, sizeof results, "%s/results.json", dir);
    int k = 1;
    for (; k < 60; k++) {
        REQUIRE(run_small("sum", "serial,pthread:2,fork:2", dir, NULL) == 0);
        snprintf(fault, sizeof fault, "HETLANE_FAULT=commit-crash:%d", k);
        int status = run_small("square", "serial", dir, fault);
        if (status == 0)
            break; /* more steps than the commit has */
        CHECKF(status == 128 + 9, "commit-crash:%d: status %d: %s", k, status, res.err);
        const char *plot[] = {hetlane, "plot", results, "-q", NULL};
        CHECKF(run(plot, NULL) == 0, "commit-crash:%d: plot: %s", k, res.err);
        struct snapshot s;
        snap(dir, &s);
        CHECKF(strcmp(workload_of(dir, wl, sizeof wl), "square") == 0,
               "commit-crash:%d: results of '%s'", k, wl);
        CHECKF(count_like(&s, "sum-", false) == 0, "commit-crash:%d: sum files left", k);
        CHECKF(count_like(&s, ".", false) == 0, "commit-crash:%d: %s left", k, s.names[0]);
    }
    CHECKF(k > 3 && k < 60, "%d commit steps", k - 1);
    printf("crash mid-commit: killed at each of %d steps; the next command finished the set\n",
           k - 1);
    out_remove(dir);
}

static void expect_refused(const char *const *argv, const char *dir, const char *what) {
    struct snapshot before, after;
    snap(dir, &before);
    REQUIRE(spawn_capture(argv, NULL, &res) == 0);
    CHECKF(res.status == 2, "%s: status %d: %s", what, res.status, res.err);
    CHECKF(count_lines(res.err) == 1 && strncmp(res.err, "hetlane: --out: ", 16) == 0, "%s: '%s'",
           what, res.err);
    CHECKF(strstr(res.err, "which hetlane did not write") != NULL, "%s: '%s'", what, res.err);
    CHECKF(res.out[0] == '\0', "%s: work was done: %s", what, res.out);
    snap(dir, &after);
    CHECKF(same(&before, &after), "%s: the directory changed", what);
}

/* A directory hetlane did not write is refused, whatever would write it. */
static void test_foreign(void) {
    char dir[256], path[300], results[300];
    snprintf(dir, sizeof dir, "%s/foreign", tmp);
    REQUIRE(mkdir(dir, 0777) == 0);
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    FILE *f = fopen(path, "w");
    REQUIRE(f != NULL);
    fputs("mine\n", f);
    fclose(f);
    /* A results file to plot and compare, made elsewhere. */
    char src[256];
    snprintf(src, sizeof src, "%s/src", tmp);
    REQUIRE(run_small("sum", "serial", src, NULL) == 0);
    snprintf(results, sizeof results, "%s/results.json", src);

    const char *run_argv[] = {hetlane, "run", "sum", "-t", "5000", "-o", dir, NULL};
    expect_refused(run_argv, dir, "run");
    CHECK(strstr(res.err, "'notes.txt'") != NULL);
    const char *demo[] = {hetlane, "demo", "--quick", "-o", dir, NULL};
    expect_refused(demo, dir, "demo");
    const char *plot[] = {hetlane, "plot", results, "-o", dir, NULL};
    expect_refused(plot, dir, "plot");
    const char *compare[] = {hetlane, "compare", results, results, "-o", dir, NULL};
    expect_refused(compare, dir, "compare");
    unlink(path);

    /* One of our names, but not a file we write: a folder, a link. */
    snprintf(path, sizeof path, "%s/sum-compare.png", dir);
    REQUIRE(mkdir(path, 0777) == 0);
    expect_refused(run_argv, dir, "a folder named like a chart");
    rmdir(path);
    snprintf(path, sizeof path, "%s/results.json", dir);
    REQUIRE(symlink("/etc/hostname", path) == 0);
    expect_refused(run_argv, dir, "a link named results.json");
    unlink(path);
    /* Empty again: welcome. */
    CHECKF(run_small("sum", "serial", dir, NULL) == 0, "%s", res.err);
    printf("foreign: run, demo, plot and compare refused with one line; nothing touched\n");
    out_remove(dir);
}

/* Leftovers of a crashed hetlane go; a second hetlane at once is refused. */
static void test_leftovers_and_lock(void) {
    char dir[256], path[400];
    snprintf(dir, sizeof dir, "%s/lock", tmp);
    REQUIRE(run_small("sum", "serial", dir, NULL) == 0);
    snprintf(path, sizeof path, "%s/.hetlane-new.ab12CD", dir);
    REQUIRE(mkdir(path, 0700) == 0);
    snprintf(path, sizeof path, "%s/.hetlane-new.ab12CD/sum-compare.png", dir);
    FILE *f = fopen(path, "w");
    REQUIRE(f != NULL);
    fclose(f);
    snprintf(path, sizeof path, "%s/.results.json.Xy12Zt", dir);
    f = fopen(path, "w");
    REQUIRE(f != NULL);
    fclose(f);
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    REQUIRE(fd >= 0 && flock(fd, LOCK_EX) == 0);
    CHECK(run_small("sum", "serial", dir, NULL) == 2);
    CHECKF(count_lines(res.err) == 1 && strstr(res.err, "another hetlane is writing to") != NULL,
           "%s", res.err);
    close(fd);
    CHECKF(run_small("sum", "serial", dir, NULL) == 0, "%s", res.err);
    struct snapshot s;
    snap(dir, &s);
    CHECKF(count_like(&s, ".", false) == 0, "left: %s", s.names[0]);
    printf("leftovers removed; a second hetlane on the directory refused\n");
    out_remove(dir);
}

/* plot beside its results completes the set; into another set's
 * directory it replaces that set. */
static void test_plot_sets(void) {
    char a[256], b[256], results[300];
    snprintf(a, sizeof a, "%s/plot-a", tmp);
    snprintf(b, sizeof b, "%s/plot-b", tmp);
    snprintf(results, sizeof results, "%s/results.json", a);
    REQUIRE(run_small("sum", "serial,pthread:2", a, NULL) == 0);
    REQUIRE(run_small("square", "serial", b, NULL) == 0);
    struct snapshot s;
    snap(a, &s);
    if (!has(&s, "sum-compare.png")) {
        printf("plot sets: skipped, this build draws no charts\n");
        return;
    }
    const char *svg[] = {hetlane, "plot", results, "--format", "svg", "-q", NULL};
    CHECKF(run(svg, NULL) == 0, "%s", res.err);
    snap(a, &s);
    CHECK(has(&s, "results.json") && has(&s, "results.csv"));
    CHECK(has(&s, "sum-compare.png") && has(&s, "sum-compare.svg"));
    const char *into_b[] = {hetlane, "plot", results, "-q", "-o", b, NULL};
    CHECKF(run(into_b, NULL) == 0, "%s", res.err);
    snap(b, &s);
    CHECK(!has(&s, "results.json") && count_like(&s, "square-", false) == 0);
    CHECK(has(&s, "sum-compare.png") && has(&s, "trace.json"));
    printf("plot: in place it completes the set; elsewhere it replaces the set there\n");
    out_remove(a);
    out_remove(b);
}

int main(int argc, char **argv) {
    REQUIRE(argc == 2);
    hetlane = argv[1];
    REQUIRE(mkdtemp(tmp) != NULL);
    test_names();
    test_foreign();
    test_leftovers_and_lock();
    test_plot_sets();
    test_crash_mid_write();
    test_crash_mid_commit();
#if HETLANE_WITH_FETCH
    test_sets_replace();
#endif
    if (check_failures == 0)
        out_remove_tree(tmp);
    return check_finish("test_out_set");
}
