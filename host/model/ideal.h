/* The ideal a scaling chart draws and the report captions: what W
 * workers would take if parallelism were free. For compute workloads,
 * serial / W, but only up to the cores this process may use: past them
 * workers share cores and the ideal stays flat. For fetch, where workers
 * wait rather than compute, ceil(T / W) x latency: T GETs in rounds of W,
 * whatever the cores. */
#ifndef HL_MODEL_IDEAL_H
#define HL_MODEL_IDEAL_H

#include <stdint.h>

#include "model/results.h"

enum hl_ideal_kind {
    HL_IDEAL_NONE,    /* no verified serial run and no latency */
    HL_IDEAL_SERIAL,  /* serial_s / min(W, cores) */
    HL_IDEAL_LATENCY, /* ceil(tasks / W) x latency_s */
};

struct hl_ideal {
    enum hl_ideal_kind kind;
    double serial_s;  /* HL_IDEAL_SERIAL: serial's median as results.json keeps it */
    int cores;        /* HL_IDEAL_SERIAL: where it stops improving; 0 = never */
    double latency_s; /* HL_IDEAL_LATENCY */
    int64_t tasks;    /* HL_IDEAL_LATENCY: T */
};

/* The ideal of experiment e; `cores` (r->cores, or 0 when unknown) caps
 * the serial ideal. Never fails: without serial or latency, kind NONE. */
struct hl_ideal hl_ideal_of(const struct hl_experiment_result *e, int cores);

/* The ideal wall time at `workers`, NAN for kind NONE. */
double hl_ideal_at(const struct hl_ideal *id, double workers);

#endif
