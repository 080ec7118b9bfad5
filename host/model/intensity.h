/* A workload's place on the roofline: what one element costs. Workloads
 * declare it (workloads/workload.h), the experiment copies it into each
 * experiment's results, results.json keeps it ("intensity"), so charts and
 * the report drawn from a saved file know it too. */
#ifndef HL_MODEL_INTENSITY_H
#define HL_MODEL_INTENSITY_H

#include <stdbool.h>

struct hl_intensity {
    char op[16];       /* the operation counted: "multiply", "add"; "": not a roofline workload */
    double ops;        /* operations per element */
    double mem_bytes;  /* bytes of memory traffic per element (read + written) */
    double link_bytes; /* bytes over the host-device link per element when offloaded */
};

/* True when the workload is placed on a roofline at all (fetch waits: it
 * is not). */
static inline bool hl_intensity_known(const struct hl_intensity *i) {
    return i->op[0] != '\0' && i->ops > 0;
}

#endif
