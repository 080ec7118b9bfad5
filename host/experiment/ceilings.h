/* The roofline's ceilings of this machine, measured (model/ceilings.h):
 * the CPU's copy bandwidth (copy_limit.h) and int64-add throughput for
 * W = 1..P threads, the start-up floors of W threads and W processes, and
 * every OpenCL device's memory bandwidth, add throughput, transfers and
 * launch latency (backends/devices.h). docs/ceilings.md says how each is
 * measured. `hetlane ceilings` prints them; run and demo keep the ones
 * their configurations need in results.json (through a per-machine cache:
 * commands/ceilings_cache.h). */
#ifndef HL_EXPERIMENT_CEILINGS_H
#define HL_EXPERIMENT_CEILINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "backends/devices.h"
#include "model/ceilings.h"
#include "model/results.h"

struct hl_ceilings_request {
    bool cpu;       /* measure the CPU's ceilings and floors */
    int threads;    /* floors for W = 1..threads, rates for W = 1..min(threads, cores) */
    bool quick;     /* small sizes and few repetitions: a test's or --quick's */
    int64_t copy_n; /* int64 per copy buffer; 0: 12,000,000 (quick: 4,000,000) */
    bool all_devices;
    size_t ndevices; /* else these devices ("P:D") */
    char devices[HL_CEIL_MAX_DEVICES][16];
    hl_devices_say_fn *say; /* one line per probe and per problem; may be NULL */
    void *ctx;
};

/* What identifies this machine for the ceilings: CPU model, usable
 * cores, and every OpenCL device's name and driver version. Returns 0, or
 * -1 with err filled when the devices cannot be listed (memory). */
int hl_ceilings_machine_key(char *buf, size_t size, struct hl_error *err);

/* Measures what q asks into *c (cleared first; measured, quick, key and
 * taken_at set) and the CPU's copy limit into *copy (which may be NULL).
 * A device that fails is left out with a line through q->say. Returns 0,
 * or -1 with err filled when a CPU probe fails (a thread or process that
 * cannot be made, a wrong result); *c then holds nothing measured. */
int hl_ceilings_measure(const struct hl_ceilings_request *q, struct hl_ceilings *c,
                        struct hl_copy_limit *copy, struct hl_error *err);

#endif
