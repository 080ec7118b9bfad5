#include "model/timeline.h"

#include <stdio.h>
#include <string.h>

#include "util/timing.h"

static const char *const phase_names[HL_PHASE_COUNT] = {
    [HL_PHASE_H2D] = "h2d",       [HL_PHASE_KERNEL] = "kernel",
    [HL_PHASE_D2H] = "d2h",       [HL_PHASE_CONNECT] = "connect",
    [HL_PHASE_WAIT] = "wait",     [HL_PHASE_TRANSFER] = "transfer",
    [HL_PHASE_MAP] = "map",       [HL_PHASE_SCATTER] = "scatter",
    [HL_PHASE_GATHER] = "gather",
};

const char *hl_phase_name(int kind) {
    return kind >= 0 && kind < HL_PHASE_COUNT ? phase_names[kind] : NULL;
}

int hl_phase_from_name(const char *name) {
    for (int k = 0; k < HL_PHASE_COUNT; k++) {
        if (strcmp(phase_names[k], name) == 0)
            return k;
    }
    return -1;
}

void hl_task_begin(struct hl_task_record *rec, int worker) {
    rec->worker = worker;
    rec->t0_ns = hl_now_ns();
}

void hl_task_end(struct hl_task_record *rec, const char *error) {
    rec->t1_ns = hl_now_ns();
    rec->done = true;
    rec->ok = error == NULL || *error == '\0';
    if (rec->ok)
        rec->error[0] = '\0';
    else if (error != rec->error)
        snprintf(rec->error, sizeof rec->error, "%s", error);
}

void hl_task_add_phase(struct hl_task_record *rec, enum hl_phase_kind kind, int64_t t0_ns,
                       int64_t t1_ns) {
    if (rec->nphases >= HL_MAX_PHASES)
        return;
    rec->phases[rec->nphases++] = (struct hl_phase){.kind = kind, .t0_ns = t0_ns, .t1_ns = t1_ns};
}

void hl_timeline_reset(struct hl_task_record *recs, size_t n) {
    memset(recs, 0, n * sizeof *recs);
    for (size_t i = 0; i < n; i++) {
        recs[i].task = (int32_t)i;
        recs[i].worker = -1;
        snprintf(recs[i].error, sizeof recs[i].error, "not run");
    }
}

void hl_timeline_rebase(struct hl_task_record *recs, size_t n, int64_t origin_ns) {
    for (size_t i = 0; i < n; i++) {
        struct hl_task_record *r = &recs[i];
        if (!r->done && r->t0_ns == 0)
            continue; /* never started: leave at zero */
        r->t0_ns -= origin_ns;
        r->t1_ns = r->done ? r->t1_ns - origin_ns : r->t0_ns;
        for (int p = 0; p < r->nphases; p++) {
            r->phases[p].t0_ns -= origin_ns;
            r->phases[p].t1_ns -= origin_ns;
        }
    }
}
