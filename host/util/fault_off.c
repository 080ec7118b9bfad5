/* The fault hooks of the hetlane that is installed and packaged
 * (util/fault.h): none. Nothing here reads the environment, so
 * HETLANE_FAULT_* cannot make the shipped binary fail, crash or print. */
#include "util/fault.h"

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
