#include "experiment/ceilings.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "experiment/copy_limit.h"
#include "experiment/cpu_probes.h"
#include "util/cpu_isa.h"
#include "util/interrupt.h"
#include "util/sysinfo.h"

/* Repetitions and sizes. The fastest of a few runs is the ceiling
 * (interference only slows a run); a floor is the fastest start-up too,
 * of rounds that interleave the worker counts, so a busy moment slows
 * every count alike, never one count's every repetition (seen: all 11
 * one-thread start-ups of a quick probe at 1.2 ms while tests shared the
 * cores, 32 us for two threads measured just after). Thread start-ups
 * cost tens of microseconds: many rounds of them are cheap. */
struct cpu_sizes {
    int copy_reps, add_reps, thread_reps, fork_reps;
    double add_s;
    int64_t copy_n;
};

static const struct cpu_sizes quick_sizes = {3, 3, 41, 5, 0.005, 4000000};
static const struct cpu_sizes full_sizes = {5, 5, 101, 11, 0.03, 12000000};

/* Thread and process start-up floors for 1..threads workers, in rounds. */
static int measure_floors(const struct cpu_sizes *z, int threads, struct hl_ceilings *c,
                          struct hl_error *err) {
    int rounds = z->thread_reps > z->fork_reps ? z->thread_reps : z->fork_reps;
    for (int r = 0; r < rounds; r++) {
        for (int w = 1; w <= threads; w++) {
            double s;
            double *least[2] = {&c->cpu.thread_floor_s[w], &c->cpu.fork_floor_s[w]};
            for (int kind = 0; kind < 2; kind++) {
                if (r >= (kind == 0 ? z->thread_reps : z->fork_reps))
                    continue;
                if (hl_probe_floor(w, kind == 0, 1, &s, err) != 0)
                    return -1;
                *least[kind] = r == 0 || s < *least[kind] ? s : *least[kind];
            }
        }
    }
    return 0;
}

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
    if (measure_floors(z, threads, c, err) != 0)
        return -1;
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
    if (hl_interrupted()) { /* the device probes stop early, leaving devices out */
        hl_ceilings_clear(c);
        return hl_error_set(err, HL_ERR_RUNTIME, "interrupted");
    }
    c->measured = true;
    return 0;
}
