/* Minimal assertions for the CTest executables: a failed CHECK prints the
 * file, line and expression and makes the test exit 1 at the end. */
#ifndef HL_TESTS_CHECK_H
#define HL_TESTS_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int check_failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
            check_failures++;                                                                      \
        }                                                                                          \
    } while (0)

#define CHECKF(cond, ...)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond);               \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            check_failures++;                                                                      \
        }                                                                                          \
    } while (0)

/* Stops the test now: later checks would only repeat the failure. */
#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #cond);             \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

static inline int check_finish(const char *name) {
    if (check_failures > 0) {
        fprintf(stderr, "%s: %d check(s) failed\n", name, check_failures);
        return 1;
    }
    printf("%s: all checks passed\n", name);
    return 0;
}

/* True in CI: CI set to anything but "", "0" or "false" (.ci/run sets
 * CI=true, as CI services do). */
static inline bool check_in_ci(void) {
    const char *ci = getenv("CI");
    return ci != NULL && ci[0] != '\0' && strcmp(ci, "0") != 0 && strcmp(ci, "false") != 0;
}

/* A test that cannot run here because a device, a cache or a tool is
 * missing: outside CI it is skipped (exit 77, SKIP_RETURN_CODE in
 * tests/CMakeLists.txt) and says why; in CI it fails, naming what is
 * missing, so that a broken CI setup cannot quietly test less. */
static inline _Noreturn void skip_or_fail(const char *name, const char *why) {
    if (check_in_ci()) {
        fprintf(stderr, "%s: CI: %s\n", name, why);
        exit(1);
    }
    printf("%s: skipped: %s\n", name, why);
    exit(77);
}

/* A part of a test that ran without something this machine lacks (the
 * rest passed): outside CI a note on stdout, in CI a failed check. */
static inline void part_missing(const char *name, const char *why) {
    if (check_in_ci()) {
        fprintf(stderr, "%s: CI: %s\n", name, why);
        check_failures++;
    } else {
        printf("%s: NOTE: not tested here: %s\n", name, why);
    }
}

/* Why no OpenCL device was found, with the usual causes named: `problem`
 * is what the inventory said (may be ""). PoCL lists no device when it
 * cannot write its kernel cache, so an unwritable POCL_CACHE_DIR is
 * named first. */
static inline void opencl_missing_why(const char *problem, char *buf, size_t size) {
    const char *cache = getenv("POCL_CACHE_DIR");
    const char *vendors = getenv("OCL_ICD_VENDORS");
    if (cache != NULL && access(cache, W_OK) != 0)
        snprintf(buf, size,
                 "no OpenCL device: POCL_CACHE_DIR=%s is not writable (PoCL then lists "
                 "no device)",
                 cache);
    else
        snprintf(buf, size, "no OpenCL device (%s%s%s; scripts/install-deps.sh installs PoCL)",
                 problem != NULL && problem[0] != '\0' ? problem : "no platform lists one",
                 vendors != NULL ? ", OCL_ICD_VENDORS=" : "", vendors != NULL ? vendors : "");
}

#endif
