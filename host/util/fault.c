/* The fault hooks of the test binaries (util/fault.h): they read
 * HETLANE_FAULT, HETLANE_FAULT_CRASH_TASK and HETLANE_FAULT_TALLY. The
 * shipped binary links util/fault_off.c instead. */
#include "util/fault.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_long fault_calls;

/* A count as the variables write it: 1 to 18 decimal digits, nothing
 * else (no sign, no space). -1 for anything else, so that an empty or
 * mistyped value injects nothing rather than task or call 0. */
static long parse_count(const char *s) {
    size_t n = strspn(s, "0123456789");
    if (n == 0 || n > 18 || s[n] != '\0')
        return -1;
    return strtol(s, NULL, 10);
}

bool hl_fault_should_fail(const char *site) {
    const char *spec = getenv("HETLANE_FAULT");
    if (spec == NULL)
        return false;
    size_t len = strlen(site);
    if (strncmp(spec, site, len) != 0 || (spec[len] != '\0' && spec[len] != ':'))
        return false;
    long nth = spec[len] == ':' ? parse_count(spec + len + 1) : 1;
    return atomic_fetch_add(&fault_calls, 1) + 1 == nth;
}

long hl_fault_crash_task(void) {
    const char *spec = getenv("HETLANE_FAULT_CRASH_TASK");
    return spec == NULL ? -1 : parse_count(spec);
}

void hl_fault_print_tally(FILE *out) {
    const char *spec = getenv("HETLANE_FAULT");
    if (spec == NULL || getenv("HETLANE_FAULT_TALLY") == NULL)
        return;
    fprintf(out, "hetlane: fault tally: %.*s %ld\n", (int)strcspn(spec, ":"), spec,
            atomic_load(&fault_calls));
}
