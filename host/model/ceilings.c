#include "model/ceilings.h"

#include <math.h>
#include <string.h>

void hl_ceilings_clear(struct hl_ceilings *c) {
    memset(c, 0, sizeof *c);
    for (int w = 0; w <= HL_CEIL_MAX_THREADS; w++) {
        c->cpu.thread_floor_s[w] = NAN;
        c->cpu.fork_floor_s[w] = NAN;
    }
    for (int d = 0; d < HL_CEIL_MAX_DEVICES; d++)
        c->devices[d].launch_s = NAN;
}

const struct hl_device_ceilings *hl_ceilings_device(const struct hl_ceilings *c,
                                                    const char *index) {
    for (size_t d = 0; d < c->ndevices && d < HL_CEIL_MAX_DEVICES; d++) {
        if (strcmp(c->devices[d].index, index) == 0)
            return &c->devices[d];
    }
    return NULL;
}
