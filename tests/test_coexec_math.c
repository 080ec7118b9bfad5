/* The arithmetic of co-execution without running anything: HGuided's
 * chunk sizes, the rule that idles a lane too slow to help, a schedule
 * played out with simulated speeds (every unit once, the fast lanes take
 * more, chunks shrink, records suffice), and the results' shares,
 * balance, efficiency against the sum of speeds and the shared-resource
 * bound from ceilings. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backends/join_sched.h"
#include "check.h"
#include "model/coexec.h"

static bool near(double a, double b, double tol) {
    return fabs(a - b) <= tol * fabs(b);
}

static void test_chunk_size(void) {
    /* Equal lanes, K = 2: half a lane's share of what remains. */
    CHECK(hl_join_chunk_size(1000, 1, 4, 1, 0) == 125);
    /* A lane with 3/4 of the speed: 3/8 of the rest. */
    CHECK(hl_join_chunk_size(1000, 3, 4, 1, 0) == 375);
    /* Clamped: the minimum, the maximum, and never past the rest. */
    CHECK(hl_join_chunk_size(1000, 1, 1000, 50, 0) == 50);
    CHECK(hl_join_chunk_size(1000, 1, 1, 1, 100) == 100);
    CHECK(hl_join_chunk_size(30, 1, 4, 50, 0) == 30);
    CHECK(hl_join_chunk_size(0, 1, 1, 1, 0) == 0);
    CHECK(hl_join_chunk_size(1, 1, 8, 1, 0) == 1);
    /* Unknown speeds: an equal share of one. */
    CHECK(hl_join_chunk_size(1000, 0, 0, 1, 0) == 500);
}

static void test_worth(void) {
    /* sum beside a GPU: one task on a core (1.3 ms) outlasts what the
     * others need for all 8 (8 / 30 per ms): not worth it. */
    CHECK(!hl_join_worth(1, 0.77e3, 8, 30e3));
    /* A lane as fast as the others, with plenty left: worth it. */
    CHECK(hl_join_worth(100, 1, 1000, 3));
    CHECK(hl_join_worth(5, 1, 0, 0)); /* nobody else */
}

/* Plays a schedule out: lanes with speeds v (units per second) take
 * chunks in simulated time order. Fills units taken per part. */
static void play(struct hl_join_sched *s, const double *v, int64_t units, int64_t max_chunks,
                 int64_t *per_part, int64_t *nchunks, bool *tiled) {
    hl_join_sched_begin(s, units, max_chunks);
    double t[HL_MAX_WORKERS] = {0};
    bool done[HL_MAX_WORKERS] = {false};
    static struct hl_join_chunk busy[HL_MAX_WORKERS];
    memset(busy, 0, sizeof busy);
    char *seen = calloc((size_t)units, 1);
    REQUIRE(seen != NULL);
    memset(per_part, 0, HL_JOIN_MAX_PARTS * sizeof *per_part);
    for (;;) {
        int l = -1; /* the lane that frees up first */
        for (int k = 0; k < s->nlanes; k++) {
            if (!done[k] && (l < 0 || t[k] < t[l]))
                l = k;
        }
        if (l < 0)
            break;
        /* Its chunk in flight ends now, then it asks for the next. */
        if (busy[l].hi > busy[l].lo)
            hl_join_sched_done(s, l, &busy[l],
                               (int64_t)((double)(busy[l].hi - busy[l].lo) / v[l] * 1e9));
        busy[l].lo = busy[l].hi = 0;
        struct hl_join_chunk c;
        if (!hl_join_sched_next(s, l, &c)) {
            done[l] = true;
            continue;
        }
        for (int64_t i = c.lo; i < c.hi; i++)
            seen[i]++;
        t[l] += (double)(c.hi - c.lo) / v[l];
        per_part[s->lanes[l].part] += c.hi - c.lo;
        busy[l] = c;
    }
    *tiled = true;
    for (int64_t i = 0; i < units; i++)
        *tiled = *tiled && seen[i] == 1;
    free(seen);
    *nchunks = hl_join_sched_end(s);
}

static void test_schedule(void) {
    /* A CPU of 2 lanes at 1 unit/ns-ish each, a device of 4 queues at 4. */
    int lanes[2] = {2, 4};
    struct hl_join_sched s;
    REQUIRE(hl_join_sched_init(&s, 2, lanes) == 0);
    double v[6] = {1e9, 1e9, 4e9, 4e9, 4e9, 4e9};
    int64_t per[HL_JOIN_MAX_PARTS], n = 0;
    bool tiled = false;
    hl_join_sched_bounds(&s, 1, 1, 1 << 20);
    play(&s, v, 268435456, 1024, per, &n, &tiled); /* first run: speeds unknown */
    CHECK(tiled && n <= 1024 && n > 6);
    play(&s, v, 268435456, 1024, per, &n, &tiled); /* calibrated */
    CHECK(tiled && n <= 1024);
    /* Shares follow the speeds: 2 : 16. */
    double share = (double)per[1] / 268435456.0;
    CHECKF(share > 0.85 && share < 0.93, "device share %.3f", share);
    /* Odd sizes: everything once, the records never run out. */
    for (int64_t units = 1; units < 40; units += 3) {
        play(&s, v, units, units < 5 ? units : 5, per, &n, &tiled);
        CHECKF(tiled && n <= (units < 5 ? units : 5), "units %lld: %lld chunks", (long long)units,
               (long long)n);
    }
    play(&s, v, 1000003, 7, per, &n, &tiled);
    CHECK(tiled && n <= 7);
    hl_join_sched_destroy(&s);
}

/* sum beside a fast device: once measured, the cores are left idle. */
static void test_cores_idle(void) {
    int lanes[2] = {4, 2};
    struct hl_join_sched s;
    REQUIRE(hl_join_sched_init(&s, 2, lanes) == 0);
    double v[6] = {770, 770, 770, 770, 9000, 9000}; /* tasks per second */
    int64_t per[HL_JOIN_MAX_PARTS], n = 0;
    bool tiled = false;
    play(&s, v, 8, 8, per, &n, &tiled);
    CHECK(tiled);
    play(&s, v, 8, 8, per, &n, &tiled);
    CHECKF(tiled && per[0] == 0 && per[1] == 8, "cores took %lld of 8", (long long)per[0]);
    /* The benchmark knob: only the second participant gets work. */
    s.only = 2;
    v[4] = v[5] = 1; /* even when it is slow */
    play(&s, v, 100, 100, per, &n, &tiled);
    /* ... split evenly between its two queues, as it runs alone. */
    CHECKF(tiled && per[0] == 0 && per[1] == 100 && n == 2, "%lld chunks", (long long)n);
    /* A failed participant's rest goes to the others, even slow ones. */
    s.only = 0;
    hl_join_sched_begin(&s, 1000, 1000);
    hl_join_sched_fail(&s, 1);
    struct hl_join_chunk c;
    int64_t taken = 0;
    while (hl_join_sched_next(&s, 0, &c)) {
        hl_join_sched_done(&s, 0, &c, 1000);
        taken += c.hi - c.lo;
    }
    CHECKF(taken == 1000, "the cores took %lld of 1000", (long long)taken);
    CHECK(!hl_join_sched_next(&s, 4, &c));
    hl_join_sched_destroy(&s);
}

static struct hl_task_record rec(int worker, int64_t lo, int64_t hi, double end_s) {
    struct hl_task_record r;
    memset(&r, 0, sizeof r);
    r.worker = worker;
    r.lo = lo;
    r.hi = hi;
    r.ok = true;
    r.t1_ns = (int64_t)(end_s * 1e9);
    return r;
}

static void test_stats_and_efficiency(void) {
    struct hl_coexec x = {.nparts = 2};
    x.parts[0] = (struct hl_coexec_part){"pthread:2", 0, 2};
    x.parts[1] = (struct hl_coexec_part){"opencl:0:0/pinned", 2, 4};
    struct hl_task_record t[4] = {rec(0, 0, 300, 0.030), rec(5, 300, 800, 0.036),
                                  rec(1, 800, 900, 0.0365), rec(2, 900, 1000, 0.040)};
    struct hl_run_result run = {.wall_s = 0.040, .verified = true, .ntasks = 4, .tasks = t};
    struct hl_coexec_run st;
    hl_coexec_run_stats(&x, &run, &st);
    CHECK(st.total == 1000 && st.units[0] == 400 && st.units[1] == 600);
    CHECK(near(st.share[0], 0.4, 1e-9) && st.working == 2);
    CHECK(near(st.balance, 0.0365 / 0.040, 1e-6));
    CHECK(hl_coexec_part_of(&x, 6) == -1 && hl_coexec_part_of(&x, 5) == 1);

    /* The probe: 37.3 ms joined, 49.1 GPU alone, 60.5 CPU alone. */
    struct hl_config_result cfgs[3];
    memset(cfgs, 0, sizeof cfgs);
    const char *labels[3] = {"pthread:2", "opencl:0:0/pinned", "pthread:2+opencl:0:0/pinned"};
    double med[3] = {0.0605, 0.0491, 0.0373};
    for (int i = 0; i < 3; i++) {
        cfgs[i].label = (char *)labels[i];
        cfgs[i].verified = true;
        cfgs[i].nruns = 1;
        cfgs[i].runs = &run;
        cfgs[i].wall_s = (struct hl_stat){med[i], med[i], med[i]};
        cfgs[i].tasks = 4;
    }
    cfgs[2].coexec = &x;
    struct hl_param n = {.key = (char *)"n", .type = HL_PARAM_INT, .i = 268435456};
    struct hl_experiment_result e = {
        .workload = (char *)"square", .nparams = 1, .params = &n, .nconfigs = 3, .configs = cfgs};
    struct hl_coexec_eff eff;
    REQUIRE(hl_coexec_efficiency(&e, &cfgs[2], NULL, &eff) == 0);
    CHECK(eff.alone_known && eff.fastest == 1);
    CHECK(near(eff.gain, 49.1 / 37.3, 1e-9));
    CHECK(near(eff.s_max, 1 + 49.1 / 60.5, 1e-9));
    CHECKF(near(eff.efficiency, 0.73, 0.01), "efficiency %.3f", eff.efficiency);
    CHECK(!eff.bound_known && strstr(eff.bound_why, "no measured ceilings") != NULL);

    /* Ceilings: 141 GB/s of host copy bandwidth caps both sides. */
    struct hl_ceilings c;
    memset(&c, 0, sizeof c);
    c.measured = true;
    c.cpu.threads = 2;
    c.cpu.copy_gbs[1] = 80;
    c.cpu.copy_gbs[2] = 141;
    c.ndevices = 1;
    snprintf(c.devices[0].index, sizeof c.devices[0].index, "0:0");
    c.devices[0].h2d_pinned_gbs = 55;
    c.devices[0].d2h_pinned_gbs = 50;
    c.devices[0].mem_gbs = 2800;
    REQUIRE(hl_coexec_efficiency(&e, &cfgs[2], &c, &eff) == 0);
    /* 141/16 + 50/8 = 15.06 G elements/s on their own, but host memory
     * allows 141/16 = 8.81: the bound is 268435456 / 8.81e9 s. */
    double bound = 268435456.0 / (141e9 / 16);
    CHECKF(eff.bound_known && near(eff.t_bound, bound, 1e-9), "bound %g", eff.t_bound);
    CHECK(near(eff.bound_efficiency, bound / 0.0373, 1e-9));
    /* A device without ceilings: unavailable, and says whose. */
    snprintf(c.devices[0].index, sizeof c.devices[0].index, "1:0");
    REQUIRE(hl_coexec_efficiency(&e, &cfgs[2], &c, &eff) == 0);
    CHECK(!eff.bound_known && strstr(eff.bound_why, "opencl:0:0/pinned") != NULL);
    /* A participant that did not run alone: named, no efficiency. */
    cfgs[0].label = (char *)"pthread:4";
    REQUIRE(hl_coexec_efficiency(&e, &cfgs[2], NULL, &eff) == 0);
    CHECK(!eff.alone_known && strcmp(eff.missing, "pthread:2") == 0 && isnan(eff.efficiency));
}

/* mpi:A+B, the join on every rank: a worker's participant is its lane on
 * its rank, the participants alone are mpi:A and mpi:B, and no one
 * host's ceilings bound it. */
static void test_join_on_ranks(void) {
    struct hl_coexec x = {.nparts = 2, .lanes_per_rank = 3};
    x.parts[0] = (struct hl_coexec_part){"pthread:1", 0, 1};
    x.parts[1] = (struct hl_coexec_part){"opencl:0:0", 1, 2};
    CHECK(hl_coexec_part_of(&x, 0) == 0 && hl_coexec_part_of(&x, 3) == 0);
    CHECK(hl_coexec_part_of(&x, 4) == 1 && hl_coexec_part_of(&x, 8) == 1);
    struct hl_task_record t[3] = {rec(0, 0, 6, 0.004), rec(3, 6, 10, 0.005),
                                  rec(5, 10, 16, 0.0045)};
    struct hl_run_result run = {.wall_s = 0.005, .verified = true, .ntasks = 3, .tasks = t};
    struct hl_coexec_run st;
    hl_coexec_run_stats(&x, &run, &st);
    CHECK(st.total == 16 && st.units[0] == 10 && st.units[1] == 6 && st.chunks[0] == 2);

    struct hl_config_result cfgs[4];
    memset(cfgs, 0, sizeof cfgs);
    /* pthread:1 on one machine is not the participant alone on every rank. */
    const char *labels[4] = {"pthread:1", "mpi:pthread:1", "mpi:opencl:0:0",
                             "mpi:pthread:1+opencl:0:0"};
    double med[4] = {0.001, 0.008, 0.012, 0.005};
    for (int i = 0; i < 4; i++) {
        cfgs[i].label = (char *)labels[i];
        cfgs[i].verified = true;
        cfgs[i].nruns = 1;
        cfgs[i].runs = &run;
        cfgs[i].wall_s = (struct hl_stat){med[i], med[i], med[i]};
        cfgs[i].tasks = 16;
    }
    cfgs[3].coexec = &x;
    struct hl_param n = {.key = (char *)"n", .type = HL_PARAM_INT, .i = 2000000};
    struct hl_experiment_result e = {
        .workload = (char *)"sum", .nparams = 1, .params = &n, .nconfigs = 4, .configs = cfgs};
    struct hl_ceilings c;
    memset(&c, 0, sizeof c);
    c.measured = true;
    struct hl_coexec_eff eff;
    REQUIRE(hl_coexec_efficiency(&e, &cfgs[3], &c, &eff) == 0);
    CHECK(eff.alone_known && eff.fastest == 0 && eff.alone[0] == &cfgs[1]);
    CHECK(near(eff.gain, 0.008 / 0.005, 1e-9) && near(eff.s_max, 1 + 8.0 / 12.0, 1e-9));
    CHECK(!eff.bound_known && strstr(eff.bound_why, "across ranks") != NULL);
    cfgs[2].label = (char *)"opencl:0:0"; /* alone on one machine only */
    REQUIRE(hl_coexec_efficiency(&e, &cfgs[3], NULL, &eff) == 0);
    CHECK(!eff.alone_known && strcmp(eff.missing, "mpi:opencl:0:0") == 0);
}

int main(void) {
    test_chunk_size();
    test_worth();
    test_schedule();
    test_cores_idle();
    test_stats_and_efficiency();
    test_join_on_ranks();
    return check_finish("test_coexec_math");
}
