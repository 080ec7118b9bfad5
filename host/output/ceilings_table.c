#include "output/ceilings_table.h"

#include <math.h>

#include "util/text.h"

static const char *rate(char *buf, size_t size, double v) {
    if (v > 0)
        snprintf(buf, size, "%.1f", v);
    else
        snprintf(buf, size, "-");
    return buf;
}

static void print_cpu(FILE *out, const struct hl_cpu_ceilings *cpu) {
    fprintf(out, "CPU (int64 adds with %s; floors: fastest start-up of W workers)\n",
            cpu->add_isa[0] != '\0' ? cpu->add_isa : "?");
    fprintf(out, "%-8s %12s %14s %16s %16s\n", "threads", "copy GB/s", "int64 add G/s",
            "thread start-up", "fork start-up");
    for (int w = 1; w <= cpu->threads && w <= HL_CEIL_MAX_THREADS; w++) {
        char a[32], b[32], t[32], f[32];
        fprintf(out, "%-8d %12s %14s %16s %16s\n", w, rate(a, sizeof a, cpu->copy_gbs[w]),
                rate(b, sizeof b, cpu->add_gops[w]),
                hl_format_seconds(t, sizeof t, cpu->thread_floor_s[w]),
                hl_format_seconds(f, sizeof f, cpu->fork_floor_s[w]));
    }
}

void hl_ceilings_print(FILE *out, const struct hl_ceilings *c) {
    fprintf(out, "machine: %s\n", c->key);
    if (c->age_s > 0)
        fprintf(out, "measured %.0f s ago%s\n", c->age_s, c->quick ? " (--quick sizes)" : "");
    else
        fprintf(out, "measured now%s\n", c->quick ? " (--quick sizes)" : "");
    fprintf(out, "\n");
    if (c->cpu.threads > 0)
        print_cpu(out, &c->cpu);
    if (c->ndevices == 0) {
        fprintf(out, "\nOpenCL: no device measured\n");
        return;
    }
    fprintf(out, "\nOpenCL devices (memory: a copy kernel, read + written; link: h2d / d2h from "
                 "pageable and pinned host memory)\n");
    fprintf(out, "%-6s %11s %14s %19s %19s %10s  %s\n", "device", "memory GB/s", "int64 add G/s",
            "pageable h2d/d2h", "pinned h2d/d2h", "launch", "name");
    for (size_t i = 0; i < c->ndevices && i < HL_CEIL_MAX_DEVICES; i++) {
        const struct hl_device_ceilings *d = &c->devices[i];
        char m[32], a[32], p1[32], p2[32], q1[32], q2[32], pg[80], pn[80], l[32];
        snprintf(pg, sizeof pg, "%s / %s", rate(p1, sizeof p1, d->h2d_pageable_gbs),
                 rate(p2, sizeof p2, d->d2h_pageable_gbs));
        snprintf(pn, sizeof pn, "%s / %s", rate(q1, sizeof q1, d->h2d_pinned_gbs),
                 rate(q2, sizeof q2, d->d2h_pinned_gbs));
        fprintf(out, "%-6s %11s %14s %19s %19s %10s  %s\n", d->index, rate(m, sizeof m, d->mem_gbs),
                rate(a, sizeof a, d->add_gops), pg, pn, hl_format_seconds(l, sizeof l, d->launch_s),
                d->name);
    }
}
