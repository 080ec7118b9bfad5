/* The output directory failing under a run: every file write failing in
 * turn (HETLANE_FAULT=write:K), the disk filling up (a small tmpfs), and
 * the directory turning read-only while the run goes on. Each run ends
 * with status 1 and one line naming the file and the reason, and leaves
 * only whole files: no temporary, nothing cut short.
 *
 * The tmpfs and read-only cases need a private mount namespace (root or
 * CAP_SYS_ADMIN); without one, the read-only case falls back to chmod (not
 * for root, whom permissions do not stop) and the tmpfs case is skipped,
 * saying so. */
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "out_check.h"
#include "spawn.h"

static const char *hetlane;
static char tmp[] = "/tmp/hetlane-outfaults.XXXXXX";
static struct spawn_result res;

/* A failed run: status 1, one line with `expect`, only whole files. */
static void check_failed(const char *what, const char *out, const char *expect) {
    CHECKF(res.status == 1, "%s: status %d: %s", what, res.status, res.err);
    CHECKF(count_lines(res.err) == 1 && strncmp(res.err, "hetlane: ", 9) == 0,
           "%s: want one line, got '%s'", what, res.err);
    CHECKF(strstr(res.err, expect) != NULL, "%s: '%s' lacks '%s'", what, res.err, expect);
    char why[512];
    size_t files;
    CHECKF(out_check(out, &files, why, sizeof why) == 0, "%s: %s", what, why);
}

/* Every file hetlane writes fails in turn, with an injected EIO. */
static void test_write_errors(void) {
    char out[256];
    snprintf(out, sizeof out, "%s/write", tmp);
    int k = 1, tried = 0;
    for (; k < 100; k++) {
        /* Under valgrind a third of them (the ASan gate runs every one):
         * each run is seconds there. The run where no write fails ends
         * the loop either way. */
        if (spawn_wrapped() && k % 3 != 1 && k > 1)
            continue;
        tried++;
        char fault[64], what[64];
        snprintf(fault, sizeof fault, "HETLANE_FAULT=write:%d", k);
        snprintf(what, sizeof what, "write:%d", k);
        const char *argv[] = {
            hetlane, "run", "sum", "-n", "1000", "-t", "4", "-b", "serial,pthread:2",
            "-r",    "1",   "-q",  "-o", out,    NULL};
        const char *env[] = {fault, NULL};
        REQUIRE(spawn_capture(argv, env, &res) == 0);
        if (res.status == 0)
            break; /* more writes than files */
        check_failed(what, out, "Input/output error");
        out_remove(out);
    }
    CHECKF(k > 5, "only %d files were written", k - 1);
    printf("write errors: %d failing writes tried in turn, each failed cleanly\n", tried - 1);
    out_remove(out);
}

/* Runs `body` in a child with a private mount namespace; returns its exit
 * status (77 when no namespace could be had). */
static int in_namespace(void (*body)(void)) {
    fflush(NULL);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
            _exit(77);
        body();
        fflush(NULL);
        _exit(check_failures > 0 ? 1 : 0);
    }
    int status;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Disk full: a tmpfs a page at a time bigger until the run fits. */
static void disk_full_body(void) {
    char out[256];
    snprintf(out, sizeof out, "%s/full", tmp);
    REQUIRE(mkdir(out, 0755) == 0 || errno == EEXIST);
    int pages = 1, failures = 0;
    for (; pages <= 256; pages *= 2) {
        char opts[32], what[64];
        snprintf(opts, sizeof opts, "size=%dk", pages * 4);
        snprintf(what, sizeof what, "tmpfs of %d KiB", pages * 4);
        REQUIRE(mount("tmpfs", out, "tmpfs", 0, opts) == 0);
        const char *argv[] = {hetlane,  "run", "sum", "-n", "1000", "-t", "4", "-b",
                              "serial", "-r",  "1",   "-q", "-o",   out,  NULL};
        REQUIRE(spawn_capture(argv, NULL, &res) == 0);
        int done = res.status == 0;
        if (!done) {
            check_failed(what, out, "No space left on device");
            failures++;
        }
        REQUIRE(umount(out) == 0);
        if (done)
            break;
    }
    CHECKF(failures >= 2 && pages <= 256, "%d runs failed before one fit in %d KiB", failures,
           pages * 4);
    printf("disk full: %d tmpfs sizes too small, each failed cleanly; %d KiB fits\n", failures,
           pages * 4);
    /* plot, not quiet: the failure is the only line (no "wrote ..." first). */
    char src[256], results[300];
    snprintf(src, sizeof src, "%s/full-src", tmp);
    snprintf(results, sizeof results, "%s/results.json", src);
    const char *make[] = {hetlane,  "run", "sum", "-n", "1000", "-t", "4", "-b",
                          "serial", "-r",  "1",   "-q", "-o",   src,  NULL};
    REQUIRE(spawn_capture(make, NULL, &res) == 0 && res.status == 0);
    REQUIRE(mount("tmpfs", out, "tmpfs", 0, "size=16k") == 0);
    const char *plot[] = {hetlane, "plot", results, "-o", out, NULL};
    REQUIRE(spawn_capture(plot, NULL, &res) == 0);
    check_failed("plot into a full disk", out, "No space left on device");
    CHECKF(strstr(res.err, "wrote") == NULL, "plot into a full disk said it wrote: %s", res.err);
    REQUIRE(umount(out) == 0);
    out_remove(src);
    rmdir(out);
}

/* The directory turns read-only after the run checked it: nothing at all
 * can be written then. */
/* True when some process holds a lock on dir: hetlane locks its output
 * directory once the up-front checks passed (host/output/out_set.c), so
 * from then on the run is under way. Read from /proc/locks, which does not
 * touch the lock (a probing flock of our own could make hetlane refuse). */
static bool dir_locked(const char *dir) {
    struct stat st;
    FILE *f = fopen("/proc/locks", "r");
    if (f == NULL || stat(dir, &st) != 0) {
        if (f != NULL)
            fclose(f);
        return false;
    }
    char line[256], dev_ino[96];
    bool found = false;
    while (!found && fgets(line, sizeof line, f) != NULL) {
        /* "1: FLOCK  ADVISORY  WRITE 4242 fd:01:1234567 0 EOF" */
        if (sscanf(line, "%*s %*s %*s %*s %*s %95s", dev_ino) != 1)
            continue;
        const char *ino = strrchr(dev_ino, ':');
        found = ino != NULL && strtoull(ino + 1, NULL, 10) == (unsigned long long)st.st_ino;
    }
    fclose(f);
    return found;
}

/* Waits (up to a minute: a loaded machine under valgrind is slow to
 * start) until hetlane holds its lock on dir, then a little longer. */
static void wait_until_running(const char *dir) {
    for (int i = 0; i < 3000 && !dir_locked(dir); i++)
        usleep(20000);
    usleep(spawn_wrapped() ? 300000 : 50000);
}

static void read_only_body(void) {
    char out[256];
    snprintf(out, sizeof out, "%s/ro", tmp);
    REQUIRE(mkdir(out, 0755) == 0 || errno == EEXIST);
    int have_ns = mount(out, out, NULL, MS_BIND, NULL) == 0;
    /* Still running when the directory changes: the server's latency
     * sets the pace (2.4 s), whatever the machine or a valgrind wrapper. */
#if HETLANE_WITH_FETCH
    const char *argv[] = {hetlane, "run", "fetch",    "--latency", "300", "-t", "4", "-b", "serial",
                          "-r",    "2",   "--warmup", "0",         "-q",  "-o", out, NULL};
#else
    const char *argv[] = {hetlane, "run",      "sum", "-t", "400", "-b", "serial", "-r",
                          "5",     "--warmup", "0",   "-q", "-o",  out,  NULL};
#endif
    struct spawn_proc p;
    REQUIRE(spawn_start(argv, NULL, 0, &p) == 0);
    wait_until_running(out);
    if (have_ns)
        REQUIRE(mount(NULL, out, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) == 0);
    else
        REQUIRE(chmod(out, 0555) == 0);
    REQUIRE(spawn_wait(&p, 120000, &res) == 0);
    check_failed("read-only directory", out, have_ns ? "Read-only file system" : "Permission");
    size_t files = 1;
    char why[256];
    out_check(out, &files, why, sizeof why);
    CHECKF(files == 0, "%zu files in a read-only directory", files);
    if (have_ns)
        REQUIRE(umount(out) == 0);
    else
        chmod(out, 0755);
    rmdir(out);
    printf("read-only mid-run (%s): failed cleanly, nothing written\n",
           have_ns ? "read-only bind mount" : "chmod 0555");
}

static void test_namespaced(const char *what, void (*body)(void), int fallback_ok) {
    int status = in_namespace(body);
    if (status == 77 && fallback_ok && geteuid() != 0) {
        body(); /* chmod works for a user without a namespace */
        return;
    }
    if (status == 77) {
        printf("%s: skipped, no private mount namespace here (needs CAP_SYS_ADMIN)\n", what);
        return;
    }
    CHECKF(status == 0, "%s: failed (status %d)", what, status);
}

int main(int argc, char **argv) {
    REQUIRE(argc == 2);
    hetlane = argv[1];
    REQUIRE(mkdtemp(tmp) != NULL);
    test_write_errors();
    test_namespaced("disk full", disk_full_body, 0);
    test_namespaced("read-only directory", read_only_body, 1);
    rmdir(tmp);
    return check_finish("test_out_faults");
}
