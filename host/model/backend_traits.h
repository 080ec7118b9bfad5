/* What a backend is, by property. Results keep a configuration's backend
 * by name (results.json "backend"), and results read back from a file
 * have no backend table behind them; so every reader (speedups, charts,
 * trace, report, demo) asks here instead of comparing names: is this the
 * baseline, does it run on a device, what is one of its workers called.
 * A backend added to backends/ gets its row here. */
#ifndef HL_MODEL_BACKEND_TRAITS_H
#define HL_MODEL_BACKEND_TRAITS_H

#include <stdbool.h>

#include "model/results.h"

enum hl_backend_family {
    HL_FAMILY_OTHER,     /* a name this build does not know */
    HL_FAMILY_SERIAL,    /* one task after another on the calling thread */
    HL_FAMILY_THREADS,   /* W threads of one process */
    HL_FAMILY_PROCESSES, /* W fork() children */
    HL_FAMILY_DEVICE,    /* queues of an OpenCL device */
    HL_FAMILY_ASYNC_IO,  /* W transfers in flight on one thread */
    HL_FAMILY_JOIN,      /* a join (A+B): one run split across several backends */
    HL_FAMILY_RANKS,     /* MPI ranks, each running a local backend (mpi:SPEC) */
};

struct hl_backend_traits {
    const char *name; /* as -b and results.json spell it */
    enum hl_backend_family family;
    bool baseline;            /* speedups are measured against it */
    bool device;              /* device setup, transfers and queues */
    bool parallel_cpu;        /* W workers on the CPU's cores */
    const char *worker;       /* one worker: "thread", "process", "queue", ... */
    const char *built_with;   /* what a build needs for it: "OpenCL", or NULL */
    const char *build_option; /* the CMake option that turns it on, or NULL */
};

/* The traits of the backend called name; a name nobody knows (or NULL)
 * gets family HL_FAMILY_OTHER and no property. Never returns NULL. */
const struct hl_backend_traits *hl_backend_traits_of(const char *name);

/* Shorthands on a configuration's results. */
bool hl_config_is_baseline(const struct hl_config_result *c);
bool hl_config_on_device(const struct hl_config_result *c);
enum hl_backend_family hl_config_family(const struct hl_config_result *c);

#endif
