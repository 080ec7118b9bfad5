/* `hetlane run` and `hetlane plot` as users meet them: the charts drawn
 * during a run and those redrawn from its results.json are byte for byte
 * the same, trace.json matches results.json, and a results file that is
 * not one is refused with one line, exit status 2 and nothing written. */
#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "output/results_io.h"
#include "spawn.h"
#include "trace_check.h"

static const char *hetlane;
static char tmp[64];
static struct spawn_result res;

static int run(const char *const *argv) {
    REQUIRE(spawn_capture(argv, NULL, &res) == 0);
    return res.status;
}

/* Reads a whole file; NULL when missing. *len receives its size. */
static char *slurp(const char *path, size_t *len) {
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
    *len = (size_t)n;
    return buf;
}

/* Every file of dir a ending in `suffix` is in dir b with the same bytes.
 * Returns how many were compared. */
static int compare_dirs(const char *a, const char *b, const char *suffix) {
    DIR *d = opendir(a);
    REQUIRE(d != NULL);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name), sl = strlen(suffix);
        if (len < sl || strcmp(e->d_name + len - sl, suffix) != 0)
            continue;
        char pa[512], pb[512];
        snprintf(pa, sizeof pa, "%s/%s", a, e->d_name);
        snprintf(pb, sizeof pb, "%s/%s", b, e->d_name);
        size_t la = 0, lb = 0;
        char *x = slurp(pa, &la), *y = slurp(pb, &lb);
        CHECKF(x != NULL && y != NULL, "%s or %s is missing", pa, pb);
        CHECKF(x == NULL || y == NULL || (la == lb && memcmp(x, y, la) == 0), "%s and %s differ",
               pa, pb);
        free(x);
        free(y);
        n++;
    }
    closedir(d);
    return n;
}

static void test_redraw(void) {
    char a[128], b[128], c[128], results[160];
    snprintf(a, sizeof a, "%s/run", tmp);
    snprintf(b, sizeof b, "%s/plot", tmp);
    snprintf(c, sizeof c, "%s/svg", tmp);
    snprintf(results, sizeof results, "%s/results.json", a);
    const char *argv[] = {
        hetlane, "run", "sum", "-n", "200000", "-t", "6", "-b", "serial,pthread:2,fork:2",
        "-r",    "3",   "-o",  a,    NULL};
    CHECKF(run(argv) == 0, "%s", res.err);
    CHECKF(strstr(res.err, "trace.json and 7 png charts") != NULL, "%s", res.err);
    const char *plot[] = {hetlane, "plot", results, "-o", b, NULL};
    CHECKF(run(plot) == 0, "%s", res.err);
    CHECK(compare_dirs(a, b, ".png") == 7); /* the roofline too: drawn from stored values */
    CHECK(compare_dirs(a, b, "trace.json") == 1);
    /* Without -o: redrawn beside the results, still the same bytes. */
    const char *in_place[] = {hetlane, "plot", results, "-q", NULL};
    CHECKF(run(in_place) == 0 && res.err[0] == '\0', "%s", res.err);
    CHECK(compare_dirs(b, a, ".png") == 7);
    const char *svg[] = {hetlane, "plot", results, "-o", c, "--format", "svg", NULL};
    CHECKF(run(svg) == 0, "%s", res.err);
    CHECK(compare_dirs(c, c, ".svg") == 7 && compare_dirs(c, c, ".png") == 0);

    struct hl_results r;
    struct hl_error err = {0};
    REQUIRE(hl_results_read_json(results, &r, &err) == 0);
    char trace[160];
    snprintf(trace, sizeof trace, "%s/trace.json", a);
    trace_check(trace, &r);
    hl_results_free(&r);

    const char *help[] = {hetlane, "--help", NULL};
    CHECK(run(help) == 0 && strstr(res.out, "hetlane plot RESULTS.json") != NULL);
    const char *plot_help[] = {hetlane, "plot", "--help", NULL};
    CHECK(run(plot_help) == 0 && strstr(res.out, "--format") != NULL);
}

#define HEAD                                                                                       \
    "{\"schema\": \"hetlane-results/1\", \"version\": \"x\", \"host\": {\"cpu\": \"c\", "          \
    "\"cores\": 2}, "
#define CONFIG                                                                                     \
    "\"configs\": [{\"label\": \"serial\", \"backend\": \"serial\", \"workers\": 1, "              \
    "\"device\": null, \"tasks\": 1, \"setup_s\": 0, \"note\": null, \"wall_s\": "                 \
    "{\"min\": 1, \"median\": 1, \"max\": 1}, \"cpu_s\": {\"min\": 1, \"median\": "                \
    "1, \"max\": 1}, \"speedup\": 1, \"verified\": true, \"runs\": [{\"wall_s\": 1, "              \
    "\"cpu_s\": 1, \"verified\": true, \"error\": null, \"tasks\": ["

struct bad_file {
    const char *text; /* NULL: the path is passed as is */
    const char *path;
    const char *expect;
};

static const struct bad_file bad_files[] = {
    {"", NULL, "not valid JSON"},
    {"{\"schema\": ", NULL, "not valid JSON"},
    {"\x89PNG\r\n\x1a\n\x01\x02", NULL, "not valid JSON"},
    {"[]", NULL, "top level must be an object"},
    {"{\"traceEvents\": []}", NULL, "schema: missing: not a hetlane results file"},
    {"{\"schema\": \"hetlane-results/2\"}", NULL, "'hetlane-results/2' is not supported"},
    {HEAD "\"experiments\": {}}", NULL, "experiments: must be an array"},
    {HEAD "\"experiments\": [{\"params\": {}}]}", NULL, "experiments[0].workload: missing"},
    {HEAD "\"experiments\": [{\"workload\": \"sum\", \"params\": {}, " CONFIG
          "{\"id\": 0, \"worker\": 0, \"start_s\": \"0\", \"end_s\": 1, \"ok\": true, "
          "\"phases\": []}]}]}]}]}",
     NULL, "tasks[0].start_s: must be a number"},
    {HEAD "\"experiments\": [{\"workload\": \"sum\", \"params\": {}, " CONFIG
          "{\"id\": 0, \"worker\": 0, \"start_s\": 2, \"end_s\": 1, \"ok\": true, "
          "\"phases\": []}]}]}]}]}",
     NULL, "tasks[0].end_s: ends before it starts"},
    {HEAD "\"experiments\": [{\"workload\": \"sum\", \"params\": {}, " CONFIG
          "{\"id\": 0, \"worker\": 0, \"start_s\": 0, \"end_s\": 1, \"ok\": true, "
          "\"phases\": [{\"name\": \"warp\", \"start_s\": 0, \"end_s\": 1}]}]}]}]}]}",
     NULL, "unknown phase 'warp'"},
    {HEAD "\"experiments\": [{\"workload\": \"sum\", \"params\": {}, " CONFIG
          "{\"id\": 0, \"worker\": 0, \"start_s\": 0, \"end_s\": 1, \"ok\": true}]}]}]}]}",
     NULL, "tasks[0].phases: missing"},
    /* An impossible value is refused like a task that ends before it
     * starts (test_reader has every range), with its path said once. */
    {HEAD "\"experiments\": [{\"workload\": \"sum\", \"params\": {}, " CONFIG
          "{\"id\": 0, \"worker\": 0, \"start_s\": 0, \"end_s\": 3, \"ok\": true, "
          "\"phases\": [{\"name\": \"kernel\", \"start_s\": 2, \"end_s\": 1}]}]}]}]}]}",
     NULL, "runs[0].tasks[0].phases[0].end_s: ends before it starts"},
    {NULL, "/nonexistent/results.json", "/nonexistent/results.json"},
    {NULL, "/tmp", "/tmp"},
};

/* Runs `hetlane plot` and checks the refusal: status 2, one line naming
 * the problem, nothing on stdout, nothing written to out. */
static void expect_refusal(const char *const *argv, const char *expect, const char *out, size_t i) {
    REQUIRE(spawn_capture(argv, NULL, &res) == 0);
    CHECKF(res.status == 2, "case %zu: status %d (%s)", i, res.status, res.err);
    CHECKF(strstr(res.err, expect) != NULL, "case %zu: '%s' lacks '%s'", i, res.err, expect);
    CHECKF(count_lines(res.err) == 1 && strncmp(res.err, "hetlane: ", 9) == 0, "case %zu: '%s'", i,
           res.err);
    CHECKF(res.out[0] == '\0', "case %zu: stdout '%s'", i, res.out);
    CHECKF(dir_is_empty_or_missing(out), "case %zu: %s has files", i, out);
}

static void test_bad_files(void) {
    for (size_t i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
        char dir[128], path[160], out[160];
        snprintf(dir, sizeof dir, "%s/bad%zu", tmp, i);
        snprintf(path, sizeof path, "%s/results.json", dir);
        snprintf(out, sizeof out, "%s/out", dir);
        REQUIRE(mkdir(dir, 0777) == 0);
        const char *file = bad_files[i].path;
        if (file == NULL) {
            FILE *f = fopen(path, "wb");
            REQUIRE(f != NULL);
            fwrite(bad_files[i].text, 1, strlen(bad_files[i].text), f);
            fclose(f);
            file = path;
        }
        const char *argv[] = {hetlane, "plot", file, "-o", out, NULL};
        expect_refusal(argv, bad_files[i].expect, out, i);
        if (bad_files[i].path == NULL) {
            /* Without -o nothing appears beside the bad file either. */
            const char *beside[] = {hetlane, "plot", file, NULL};
            REQUIRE(spawn_capture(beside, NULL, &res) == 0);
            CHECK(res.status == 2);
            remove(path);
            CHECKF(dir_is_empty_or_missing(dir), "case %zu: files beside the results", i);
        }
    }
    char out[128];
    snprintf(out, sizeof out, "%s/usage", tmp);
    const char *none[] = {hetlane, "plot", NULL};
    expect_refusal(none, "plot: missing RESULTS.json", out, 100);
    const char *gif[] = {hetlane, "plot", "x.json", "--format", "gif", "-o", out, NULL};
    expect_refusal(gif, "--format: unknown format 'gif'", out, 101);
    const char *two[] = {hetlane, "plot", "a.json", "b.json", NULL};
    expect_refusal(two, "plot: unexpected argument 'b.json'", out, 102);
    const char *opt[] = {hetlane, "plot", "a.json", "--bogus", NULL};
    expect_refusal(opt, "plot: unknown option '--bogus'", out, 103);
    const char *fmt[] = {hetlane, "run", "sum", "--format", "jpeg", "-o", out, NULL};
    expect_refusal(fmt, "--format: unknown format 'jpeg'", out, 104);
}

int main(int argc, char **argv) {
    REQUIRE(argc == 2);
    hetlane = argv[1];
    snprintf(tmp, sizeof tmp, "/tmp/hetlane-plot-cli.XXXXXX");
    REQUIRE(mkdtemp(tmp) != NULL);
    test_redraw();
    test_bad_files();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (check_failures == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
    return check_finish("test_plot_cli");
}
