/* Measured ceilings of a machine and its OpenCL devices: the lines of a
 * roofline (Williams, Waterman, Patterson 2009) and the start-up floors
 * under which a configuration is start-up-bound. Plain data: the
 * experiment's probes fill it (experiment/ceilings.h), results.json keeps
 * it under "ceilings" (docs/results.md), the report and the roofline chart
 * read it. Every rate is 0 and every time NAN where it was not measured
 * (results written before ceilings existed have none at all). */
#ifndef HL_MODEL_CEILINGS_H
#define HL_MODEL_CEILINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HL_CEIL_MAX_THREADS 64 /* the same as HL_COPY_MAX_THREADS */
#define HL_CEIL_MAX_DEVICES 8

/* The CPU, by thread (or process) count W = 1..threads; index 0 unused. */
struct hl_cpu_ceilings {
    int threads;      /* floors measured for W = 1..threads, 0: none */
    int cores;        /* rates measured for W = 1..cores (<= threads): more threads add nothing */
    char add_isa[16]; /* the instructions the add probe used */
    double copy_gbs[HL_CEIL_MAX_THREADS + 1];       /* bytes read + written per second, 1e9 */
    double add_gops[HL_CEIL_MAX_THREADS + 1];       /* int64 additions per second, 1e9 */
    double thread_floor_s[HL_CEIL_MAX_THREADS + 1]; /* create and join W threads */
    double fork_floor_s[HL_CEIL_MAX_THREADS + 1];   /* fork and reap W processes */
};

/* One OpenCL device, by its configuration's device index "P:D". */
struct hl_device_ceilings {
    char index[16];  /* "0:0" */
    char name[96];   /* CL_DEVICE_NAME, cut to fit */
    char driver[48]; /* CL_DRIVER_VERSION, cut to fit */
    double mem_gbs;  /* global memory: a copy kernel, bytes read + written per second */
    double add_gops; /* int64 additions per second, a kernel */
    double h2d_pageable_gbs, d2h_pageable_gbs; /* from ordinary host memory */
    double h2d_pinned_gbs, d2h_pinned_gbs;     /* from page-locked host memory */
    double launch_s; /* enqueue-to-start latency of an empty kernel, median */
};

struct hl_ceilings {
    bool measured;   /* false: nothing below was measured */
    bool quick;      /* measured with small sizes and few repetitions (--quick) */
    char key[512];   /* what they were measured on: CPU model, cores, devices and drivers */
    double taken_at; /* when they were measured, seconds since the epoch (0: unknown) */
    double age_s;    /* how old they were when used (0: measured by this run) */
    struct hl_cpu_ceilings cpu;
    size_t ndevices;
    struct hl_device_ceilings devices[HL_CEIL_MAX_DEVICES];
};

/* Zeroes c and sets every time to NAN: nothing measured. Cannot fail. */
void hl_ceilings_clear(struct hl_ceilings *c);

/* The device with index "P:D", or NULL. */
const struct hl_device_ceilings *hl_ceilings_device(const struct hl_ceilings *c, const char *index);

/* The CPU's copy bandwidth (GB/s) and int64-add rate (G/s) for W threads
 * or processes: the value at W, or at the most threads measured when W is
 * more (more threads than cores add no bandwidth); 0 when not measured. */
double hl_ceilings_cpu_copy(const struct hl_ceilings *c, int workers);
double hl_ceilings_cpu_add(const struct hl_ceilings *c, int workers);

/* The start-up floor of W threads (threads) or processes (!threads) in
 * seconds: the value at W, or NAN when it was not measured. */
double hl_ceilings_floor(const struct hl_ceilings *c, int workers, bool threads);

#endif
