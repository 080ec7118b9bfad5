#include "util/fault.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#if HETLANE_FAULT_INJECTION

static atomic_long fault_calls;

bool hl_fault_should_fail(const char *site) {
    const char *spec = getenv("HETLANE_FAULT");
    if (spec == NULL)
        return false;
    size_t len = strlen(site);
    if (strncmp(spec, site, len) != 0 || (spec[len] != '\0' && spec[len] != ':'))
        return false;
    long nth = spec[len] == ':' ? strtol(spec + len + 1, NULL, 10) : 1;
    return atomic_fetch_add(&fault_calls, 1) + 1 == nth;
}

long hl_fault_crash_task(void) {
    const char *spec = getenv("HETLANE_FAULT_CRASH_TASK");
    return spec == NULL ? -1 : strtol(spec, NULL, 10);
}

void hl_fault_print_tally(FILE *out) {
    const char *spec = getenv("HETLANE_FAULT");
    if (spec == NULL || getenv("HETLANE_FAULT_TALLY") == NULL)
        return;
    fprintf(out, "hetlane: fault tally: %.*s %ld\n", (int)strcspn(spec, ":"), spec,
            atomic_load(&fault_calls));
}

#else

bool hl_fault_should_fail(const char *site) {
    (void)site;
    return false;
}

long hl_fault_crash_task(void) {
    return -1;
}

void hl_fault_print_tally(FILE *out) {
    (void)out;
}

#endif
