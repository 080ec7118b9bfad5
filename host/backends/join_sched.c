#include "backends/join_sched.h"

#include <math.h>
#include <string.h>

int64_t hl_join_chunk_size(int64_t remaining, double lane_power, double all_power, int64_t min,
                           int64_t max) {
    if (remaining <= 0)
        return 0;
    double share = lane_power > 0 && all_power >= lane_power ? lane_power / all_power : 1.0;
    double want = ceil((double)remaining * share / HL_JOIN_K);
    int64_t c = want >= (double)remaining ? remaining : (int64_t)want;
    c = c < min ? min : c;
    c = max > 0 && c > max ? max : c;
    c = c < 1 ? 1 : c;
    return c < remaining ? c : remaining;
}

bool hl_join_worth(int64_t chunk, double lane_power, int64_t others_units, double others_power) {
    if (others_power <= 0 || lane_power <= 0)
        return true;
    return (double)chunk / lane_power <= (double)others_units / others_power;
}

int hl_join_sched_init(struct hl_join_sched *s, int nparts, const int *lanes) {
    memset(s, 0, sizeof *s);
    s->nparts = nparts;
    for (int p = 0; p < nparts; p++) {
        for (int k = 0; k < lanes[p] && s->nlanes < HL_MAX_WORKERS; k++)
            s->lanes[s->nlanes++] = (struct hl_join_lane){.part = p, .min_chunk = 1};
    }
    return pthread_mutex_init(&s->mu, NULL) == 0 ? 0 : -1;
}

void hl_join_sched_destroy(struct hl_join_sched *s) {
    pthread_mutex_destroy(&s->mu);
}

void hl_join_sched_bounds(struct hl_join_sched *s, int part, int64_t min, int64_t max) {
    for (int l = 0; l < s->nlanes; l++) {
        if (s->lanes[l].part == part) {
            s->lanes[l].min_chunk = min > 1 ? min : 1;
            s->lanes[l].max_chunk = max;
        }
    }
}

void hl_join_sched_begin(struct hl_join_sched *s, int64_t units, int64_t max_chunks) {
    s->units = units;
    s->next = 0;
    s->nchunks = 0;
    s->max_chunks = max_chunks > 0 ? max_chunks : 1;
    memset(s->failed, 0, sizeof s->failed);
    for (int l = 0; l < s->nlanes; l++) {
        struct hl_join_lane *ln = &s->lanes[l];
        ln->units = ln->busy_ns = ln->inflight = 0;
        ln->retired = s->only > 0 && ln->part != s->only - 1;
    }
}

/* A lane's speed now: this run's once it finished a chunk, else the last
 * run's, else 0 (unknown). */
static double speed(const struct hl_join_lane *ln) {
    if (ln->units > 0 && ln->busy_ns > 0)
        return (double)ln->units / ((double)ln->busy_ns * 1e-9);
    return ln->power;
}

/* Every lane's speed, unknown ones at the mean of the known (1 when none
 * is known), into v; returns the fastest participant that has not failed
 * (-1: all have). */
static int speeds(const struct hl_join_sched *s, double *v) {
    double known = 0;
    int nknown = 0;
    for (int l = 0; l < s->nlanes; l++) {
        v[l] = speed(&s->lanes[l]);
        if (v[l] > 0) {
            known += v[l];
            nknown++;
        }
    }
    double mean = nknown > 0 ? known / nknown : 1.0;
    double part[HL_JOIN_MAX_PARTS] = {0};
    for (int l = 0; l < s->nlanes; l++) {
        v[l] = v[l] > 0 ? v[l] : mean;
        part[s->lanes[l].part] += v[l];
    }
    /* Among those not failed: the others must take a failed one's rest. */
    int fastest = -1;
    for (int p = 0; p < s->nparts; p++) {
        if (!s->failed[p] && (fastest < 0 || part[p] > part[fastest]))
            fastest = p;
    }
    return fastest;
}

bool hl_join_sched_next(struct hl_join_sched *s, int lane, struct hl_join_chunk *c) {
    pthread_mutex_lock(&s->mu);
    struct hl_join_lane *ln = &s->lanes[lane];
    int64_t remaining = s->units - s->next;
    bool go = remaining > 0 && !ln->retired && !s->failed[ln->part];
    if (go) {
        double v[HL_MAX_WORKERS];
        int fastest = speeds(s, v);
        double all = 0, others = 0;
        int64_t others_units = remaining;
        int idle = 0;      /* lanes still taking work, none in flight */
        bool alone = true; /* ... all of them this lane's participant's */
        for (int l = 0; l < s->nlanes; l++) {
            const struct hl_join_lane *o = &s->lanes[l];
            if (o->retired || s->failed[o->part])
                continue;
            idle += o->inflight == 0;
            alone = alone && o->part == ln->part;
            all += v[l];
            if (l != lane) {
                others += v[l];
                others_units += o->inflight;
            }
        }
        /* Room for the records: below 2 units per record, chunks would
         * outnumber them. */
        int64_t floor =
            s->units <= s->max_chunks ? 1 : (2 * s->units + s->max_chunks - 1) / s->max_chunks;
        int64_t min = ln->min_chunk > floor ? ln->min_chunk : floor;
        int64_t max = ln->max_chunk > 0 && ln->max_chunk < min ? min : ln->max_chunk;
        /* One participant left: nothing to balance between participants,
         * so its idle lanes split the rest evenly, as it would run alone. */
        int64_t size = hl_join_chunk_size(remaining, v[lane], all, min, max);
        if (alone) {
            size = (remaining + idle - 1) / (idle > 0 ? idle : 1);
            size = size < min ? min : max > 0 && size > max ? max : size;
            size = size < remaining ? size : remaining;
        }
        if (s->nchunks + 1 >= s->max_chunks)
            size = remaining;
        /* A lane never measured takes its first chunk: nothing says it is slow. */
        bool measured = speed(ln) > 0;
        if (measured && ln->part != fastest &&
            !hl_join_worth(size + ln->inflight, v[lane], others_units, others))
            go = false;
        if (go) {
            *c = (struct hl_join_chunk){.id = s->nchunks++, .lo = s->next, .hi = s->next + size};
            s->next += size;
            ln->inflight += size;
        } else {
            ln->retired = true;
        }
    }
    pthread_mutex_unlock(&s->mu);
    return go;
}

void hl_join_sched_done(struct hl_join_sched *s, int lane, const struct hl_join_chunk *c,
                        int64_t ns) {
    pthread_mutex_lock(&s->mu);
    struct hl_join_lane *ln = &s->lanes[lane];
    ln->inflight -= c->hi - c->lo;
    ln->units += c->hi - c->lo;
    ln->busy_ns += ns > 0 ? ns : 1;
    pthread_mutex_unlock(&s->mu);
}

void hl_join_sched_fail(struct hl_join_sched *s, int part) {
    pthread_mutex_lock(&s->mu);
    s->failed[part] = true;
    pthread_mutex_unlock(&s->mu);
}

int64_t hl_join_sched_end(struct hl_join_sched *s) {
    for (int l = 0; l < s->nlanes; l++) {
        struct hl_join_lane *ln = &s->lanes[l];
        if (ln->units > 0 && !s->failed[ln->part])
            ln->power = speed(ln);
    }
    return s->nchunks;
}
