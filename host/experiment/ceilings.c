#include "experiment/ceilings.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "experiment/copy_limit.h"
#include "experiment/cpu_probes.h"
#include "util/cpu_isa.h"
#include "util/sysinfo.h"

/* Repetitions and sizes. The fastest of a few runs is the ceiling
 * (interference only slows a run); floors are medians (one slow start-up
 * is noise, not the floor). */
struct cpu_sizes {
    int copy_reps, add_reps, thread_reps, fork_reps;
    double add_s;
    int64_t copy_n;
};

static const struct cpu_sizes quick_sizes = {3, 3, 11, 5, 0.005, 4000000};
static const struct cpu_sizes full_sizes = {5, 5, 31, 11, 0.03, 12000000};

int hl_ceilings_machine_key(char *buf, size_t size, struct hl_error *err) {
    char cpu[160], devices[400];
    hl_sys_cpu_model(cpu, sizeof cpu);
    if (hl_devices_key(devices, sizeof devices, err) != 0)
        return -1;
    snprintf(buf, size, "%s; %d cores; %s", cpu, hl_sys_cores(), devices);
    return 0;
}

static void say(const struct hl_ceilings_request *q, const char *line) {
    if (q->say != NULL)
        q->say(q->ctx, line);
}

static int measure_cpu(const struct hl_ceilings_request *q, struct hl_ceilings *c,
                       struct hl_copy_limit *copy, struct hl_error *err) {
    const struct cpu_sizes *z = q->quick ? &quick_sizes : &full_sizes;
    int threads = q->threads < 1 ? 1 : q->threads;
    threads = threads < HL_CEIL_MAX_THREADS ? threads : HL_CEIL_MAX_THREADS;
    int cores = hl_sys_cores();
    int rates = threads < cores ? threads : cores;
    c->cpu.threads = threads;
    c->cpu.cores = rates;
    snprintf(c->cpu.add_isa, sizeof c->cpu.add_isa, "%s", hl_isa_name(hl_cpu_isa()));

    say(q, "measuring the CPU: copy bandwidth");
    struct hl_copy_limit limit;
    memset(&limit, 0, sizeof limit);
    if (hl_copy_limit_measure(q->copy_n > 0 ? q->copy_n : z->copy_n, rates, z->copy_reps, &limit,
                              err) != 0)
        return -1;
    say(q, "measuring the CPU: int64 additions");
    for (int w = 1; w <= rates; w++) {
        c->cpu.copy_gbs[w] = limit.gbs[w];
        if (hl_probe_add(w, z->add_s, z->add_reps, &c->cpu.add_gops[w], err) != 0)
            return -1;
    }
    say(q, "measuring the CPU: thread and process start-up");
    for (int w = 1; w <= threads; w++) {
        if (hl_probe_floor(w, true, z->thread_reps, &c->cpu.thread_floor_s[w], err) != 0 ||
            hl_probe_floor(w, false, z->fork_reps, &c->cpu.fork_floor_s[w], err) != 0)
            return -1;
    }
    if (copy != NULL)
        *copy = limit;
    return 0;
}

int hl_ceilings_measure(const struct hl_ceilings_request *q, struct hl_ceilings *c,
                        struct hl_copy_limit *copy, struct hl_error *err) {
    hl_ceilings_clear(c);
    c->quick = q->quick;
    if (hl_ceilings_machine_key(c->key, sizeof c->key, err) != 0)
        return -1;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    c->taken_at = (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
    if (q->cpu && measure_cpu(q, c, copy, err) != 0) {
        hl_ceilings_clear(c);
        return -1;
    }
    if (q->all_devices || q->ndevices > 0)
        hl_devices_ceilings(q->devices, q->all_devices ? 0 : q->ndevices, q->quick, c, q->say,
                            q->ctx);
    c->measured = true;
    return 0;
}
