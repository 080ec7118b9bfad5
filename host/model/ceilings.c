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

/* The rate at W, or at the largest measured W' < W. */
static double rate_at(const struct hl_ceilings *c, const double *rates, int workers) {
    int top = c->cpu.cores < c->cpu.threads ? c->cpu.cores : c->cpu.threads;
    if (!c->measured || workers < 1 || top < 1)
        return 0;
    int w = workers < top ? workers : top;
    w = w < HL_CEIL_MAX_THREADS ? w : HL_CEIL_MAX_THREADS;
    return rates[w] > 0 ? rates[w] : 0;
}

double hl_ceilings_cpu_copy(const struct hl_ceilings *c, int workers) {
    return rate_at(c, c->cpu.copy_gbs, workers);
}

double hl_ceilings_cpu_add(const struct hl_ceilings *c, int workers) {
    return rate_at(c, c->cpu.add_gops, workers);
}

double hl_ceilings_floor(const struct hl_ceilings *c, int workers, bool threads) {
    if (!c->measured || workers < 1 || workers > c->cpu.threads || workers > HL_CEIL_MAX_THREADS)
        return NAN;
    return threads ? c->cpu.thread_floor_s[workers] : c->cpu.fork_floor_s[workers];
}
