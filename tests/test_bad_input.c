/* Every bad input gets one line naming the problem and the documented exit
 * status, before any work starts, with no output file left behind. */
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "spawn.h"

#define OUT "@OUT@" /* replaced by a fresh, not yet existing directory */

struct bad_case {
    const char *args[16];
    const char *env;
    int status;
    const char *expect; /* in the one line on stderr */
};

/* One case per line, as a table: clang-format would break long rows. */
/* clang-format off */
static const struct bad_case cases[] = {
    {{NULL}, NULL, 2, "missing command"},
    {{"frobnicate"}, NULL, 2, "unknown command 'frobnicate'"},
    {{"run"}, NULL, 2, "missing WORKLOAD"},
    {{"run", "cube"}, NULL, 2, "unknown workload 'cube'"},
    {{"run", "sum", "extra"}, NULL, 2, "unexpected argument 'extra'"},
    {{"run", "sum", "--frobnicate"}, NULL, 2, "unknown option '--frobnicate'"},
    {{"run", "sum", "-b"}, NULL, 2, "--backend: missing value"},
    {{"run", "sum", "-b", "gpu"}, NULL, 2, "unknown backend 'gpu'"},
    {{"run", "sum", "-b", ""}, NULL, 2, "--backend: empty"},
    {{"run", "sum", "-b", "serial,,fork:2"}, NULL, 2, "bad backend list"},
    {{"run", "sum", "-b", "pthread:0"}, NULL, 2, "--backend pthread: '0' is out of range"},
    {{"run", "sum", "-b", "fork:257"}, NULL, 2, "--backend fork: '257' is out of range"},
    {{"run", "sum", "-b", "fork:-2"}, NULL, 2, "--backend fork: '-2' is out of range"},
    {{"run", "sum", "-b", "pthread:two"}, NULL, 2, "'two' is not an integer"},
    {{"run", "sum", "-b", "pthread:"}, NULL, 2, "--backend pthread: missing value"},
    {{"run", "sum", "-b", "serial:2"}, NULL, 2, "'serial:2' takes no worker count"},
    {{"run", "sum", "-b", "pthread/pinned"}, NULL, 2, "'pthread/pinned': only opencl takes a /MODE"},
    {{"run", "sum", "-n", "0"}, NULL, 2, "--size: '0' is out of range"},
    {{"run", "sum", "-n", "-5"}, NULL, 2, "--size: '-5' is out of range"},
    {{"run", "sum", "-n", "abc"}, NULL, 2, "--size: 'abc' is not an integer"},
    {{"run", "sum", "-n", "12x"}, NULL, 2, "--size: '12x' is not an integer"},
    {{"run", "sum", "-n", "1\n2"}, NULL, 2, "--size: '1 | 2' is not an integer"}, /* one line */
    {{"run", "sum", "-n", "99999999999999999999"}, NULL, 2, "--size: '99999999999999999999' is out"},
    {{"run", "sum", "-n", "4294967297"}, NULL, 2, "too large for sum"},
    {{"run", "square", "--size=3037000500"}, NULL, 2, "too large for square"},
    {{"run", "sum", "-t", "0"}, NULL, 2, "--tasks: '0' is out of range"},
    {{"run", "sum", "-t", "-1"}, NULL, 2, "--tasks: '-1' is out of range"},
    {{"run", "sum", "-t", "1000001"}, NULL, 2, "--tasks: '1000001' is out of range"},
    {{"run", "sum", "-t", "1.5"}, NULL, 2, "--tasks: '1.5' is not an integer"},
    {{"run", "sum", "-t", "99999999999999999999"}, NULL, 2, "--tasks: '99999999999999999999'"},
    {{"run", "square", "-n", "5", "-t", "6"}, NULL, 2, "at least one element per task"},
    {{"run", "sum", "-r", "0"}, NULL, 2, "--runs: '0' is out of range"},
    {{"run", "sum", "--warmup", "-1"}, NULL, 2, "--warmup: '-1' is out of range"},
    {{"run", "sum", "--warmup"}, NULL, 2, "--warmup: missing value"},
    {{"devices", "--yaml"}, NULL, 2, "unknown argument '--yaml'"},
    /* Too big for this machine's memory: a runtime refusal, before work. */
    {{"run", "square", "-n", "3037000499"}, NULL, 1, "GiB of memory is available"},
    {{"run", "sum", "-n", "100", "-t", "1000000", "-r", "100000"}, NULL, 1, "memory"},
    /* Output directories that cannot be made or written. */
    {{"run", "sum", "-n", "100", "-o", "/proc/self/hetlane-out"}, NULL, 2,
     "--out: cannot create directory '/proc/self/hetlane-out'"},
    {{"run", "sum", "-n", "100", "-o", "/proc/self"}, NULL, 2, "--out: cannot write to directory"},
    {{"run", "sum", "-n", "100", "-o", "/etc/hostname/x"}, NULL, 2, "--out: cannot create"},
    {{"run", "sum", "-n", "100", "-o", ""}, NULL, 2, "--out: empty directory name"},
    /* Injected faults: allocation and writing fail cleanly. */
    {{"run", "sum", "-n", "100", "-b", "serial", "-o", OUT}, "HETLANE_FAULT=alloc", 1,
     "cannot allocate the results: Cannot allocate memory"},
    /* The third allocation: the device listing behind the ceilings' cache
     * key (commands/ceilings_cache.h), or without OpenCL the sum state. */
    {{"run", "sum", "-n", "100", "-b", "serial", "-o", OUT}, "HETLANE_FAULT=alloc:3", 1,
#if HETLANE_WITH_OPENCL
     "ceilings: cannot allocate the OpenCL device list"},
#else
     "cannot allocate sum state"},
#endif
#if HETLANE_WITH_FETCH
    /* fetch: bad URLs and options are refused before any request. */
    {{"run", "fetch", "--url", "ftp://example.com/"}, NULL, 2, "unsupported scheme 'ftp'"},
    {{"run", "fetch", "--url", "file:///etc/passwd"}, NULL, 2, "unsupported scheme 'file'"},
    {{"run", "fetch", "--url", "not a url"}, NULL, 2, "--url: 'not a url' is not a valid URL"},
    {{"run", "fetch", "--url", "http://"}, NULL, 2, "--url: 'http://' is not a valid URL"},
    {{"run", "fetch", "--url", "http://exa mple.com/"}, NULL, 2, "is not a valid URL"},
    {{"run", "fetch", "--url", ""}, NULL, 2, "--url: empty URL"},
    {{"run", "fetch", "--url"}, NULL, 2, "--url: missing value"},
    {{"run", "fetch", "-n", "5"}, NULL, 2, "--size: fetch has no size"},
    {{"run", "fetch", "--timeout", "0"}, NULL, 2, "--timeout: '0' is out of range"},
    {{"run", "fetch", "--timeout", "-1"}, NULL, 2, "--timeout: '-1' is not a number of seconds"},
    {{"run", "fetch", "--timeout", "1e3"}, NULL, 2, "'1e3' is not a number of seconds"},
    {{"run", "fetch", "--timeout", "86401"}, NULL, 2, "--timeout: '86401' is out of range"},
    {{"run", "fetch", "--latency", "-1"}, NULL, 2, "--latency: '-1' is out of range"},
    {{"run", "fetch", "--latency", "600001"}, NULL, 2, "--latency: '600001' is out of range"},
    {{"run", "fetch", "--body-size", "268435457"}, NULL, 2, "--body-size: '268435457' is out"},
    {{"run", "fetch", "--url", "http://127.0.0.1:1/", "--latency", "5"}, NULL, 2,
     "--latency: only for the built-in server, not with --url"},
    {{"run", "sum", "--url", "http://127.0.0.1:1/"}, NULL, 2,
     "--url: only for the fetch workload, not sum"},
    {{"run", "square", "--timeout", "3"}, NULL, 2, "--timeout: only for the fetch workload"},
    {{"serve", "--port", "65536"}, NULL, 2, "--port: '65536' is out of range"},
    {{"serve", "--latency", "soon"}, NULL, 2, "--latency: 'soon' is not an integer"},
    {{"serve", "--url", "http://x/"}, NULL, 2, "serve: unknown argument '--url'"},
#endif
};
/* clang-format on */

int main(int argc, char **argv) {
    REQUIRE(argc == 2);
    char tmp[] = "/tmp/hetlane-bad.XXXXXX";
    REQUIRE(mkdtemp(tmp) != NULL);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct bad_case *c = &cases[i];
        char out[128];
        snprintf(out, sizeof out, "%s/out%zu", tmp, i);
        bool has_out = false;
        for (size_t k = 0; c->args[k] != NULL; k++)
            has_out = has_out || strcmp(c->args[k], OUT) == 0 || strcmp(c->args[k], "-o") == 0;
        /* Every run gets a fresh output directory, given first so that it
         * cannot be taken as the value of the option under test. */
        const char *args[24] = {argv[1]};
        size_t n = 1;
        for (size_t k = 0; c->args[k] != NULL; k++) {
            args[n++] = strcmp(c->args[k], OUT) == 0 ? out : c->args[k];
            if (k == 0 && !has_out && strcmp(c->args[0], "run") == 0) {
                args[n++] = "-o";
                args[n++] = out;
            }
        }
        args[n] = NULL;
        const char *env[] = {c->env, NULL};
        struct spawn_result res;
        REQUIRE(spawn_capture(args, env, &res) == 0);
        CHECKF(res.status == c->status, "case %zu: status %d, want %d (%s)", i, res.status,
               c->status, res.err);
        CHECKF(strstr(res.err, c->expect) != NULL, "case %zu: stderr '%s' lacks '%s'", i, res.err,
               c->expect);
        CHECKF(count_lines(res.err) == 1, "case %zu: %d lines on stderr", i, count_lines(res.err));
        CHECKF(strncmp(res.err, "hetlane: ", 9) == 0, "case %zu: '%s'", i, res.err);
        CHECKF(res.out[0] == '\0', "case %zu: stdout '%s'", i, res.out);
        CHECKF(dir_is_empty_or_missing(out), "case %zu: %s has files", i, out);
    }

    /* A write that fails leaves neither results nor temporary files. */
    char out[128];
    snprintf(out, sizeof out, "%s/write", tmp);
    const char *args[] = {argv[1], "run", "sum", "-n", "100", "-r", "1", "-o", out, "-q", NULL};
    const char *env[] = {"HETLANE_FAULT=write", NULL};
    struct spawn_result res;
    REQUIRE(spawn_capture(args, env, &res) == 0);
    CHECKF(res.status == 1, "status %d", res.status);
    CHECKF(strstr(res.err, "cannot write") != NULL, "%s", res.err);
    CHECK(dir_is_empty_or_missing(out));

    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
    return check_finish("test_bad_input");
}
