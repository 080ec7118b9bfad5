#include "output/results_json_coexec.h"

#include <math.h>
#include <stdio.h>

#include "model/coexec.h"
#include "util/alloc.h"

#define DIGITS 9 /* seconds: nanoseconds */

void hl_json_write_range(struct hl_json *j, const struct hl_task_record *t) {
    if (t->hi <= t->lo)
        return;
    hl_json_key(j, "range");
    hl_json_array_begin(j);
    hl_json_int(j, t->lo);
    hl_json_int(j, t->hi);
    hl_json_array_end(j);
}

static void write_number(struct hl_json *j, const char *key, double v, int digits) {
    hl_json_key(j, key);
    if (isnan(v))
        hl_json_null(j);
    else
        hl_json_fixed(j, v, digits);
}

static void write_run(struct hl_json *j, const struct hl_coexec *x,
                      const struct hl_run_result *run) {
    struct hl_coexec_run st;
    hl_coexec_run_stats(x, run, &st);
    hl_json_object_begin(j);
    hl_json_key(j, "units");
    hl_json_array_begin(j);
    for (size_t p = 0; p < x->nparts; p++)
        hl_json_int(j, st.units[p]);
    hl_json_array_end(j);
    hl_json_key(j, "shares");
    hl_json_array_begin(j);
    for (size_t p = 0; p < x->nparts; p++)
        hl_json_fixed(j, st.share[p], 6);
    hl_json_array_end(j);
    hl_json_key(j, "chunks");
    hl_json_array_begin(j);
    for (size_t p = 0; p < x->nparts; p++)
        hl_json_int(j, st.chunks[p]);
    hl_json_array_end(j);
    hl_json_key(j, "finish_s");
    hl_json_array_begin(j);
    for (size_t p = 0; p < x->nparts; p++) {
        if (isnan(st.finish_s[p]))
            hl_json_null(j);
        else
            hl_json_fixed(j, st.finish_s[p], DIGITS);
    }
    hl_json_array_end(j);
    write_number(j, "balance", st.balance, 6);
    hl_json_object_end(j);
}

void hl_json_write_coexec(struct hl_json *j, const struct hl_experiment_result *e,
                          const struct hl_config_result *c, const struct hl_ceilings *ceilings) {
    const struct hl_coexec *x = c->coexec;
    if (x == NULL)
        return;
    hl_json_key(j, "coexec");
    hl_json_object_begin(j);
    hl_json_key(j, "participants");
    hl_json_array_begin(j);
    for (size_t p = 0; p < x->nparts; p++) {
        hl_json_object_begin(j);
        hl_json_key(j, "label");
        hl_json_string(j, x->parts[p].label);
        hl_json_key(j, "first_lane");
        hl_json_int(j, x->parts[p].first_lane);
        hl_json_key(j, "lanes");
        hl_json_int(j, x->parts[p].lanes);
        hl_json_object_end(j);
    }
    hl_json_array_end(j);
    if (x->lanes_per_rank > 0) {
        hl_json_key(j, "lanes_per_rank");
        hl_json_int(j, x->lanes_per_rank);
    }
    hl_json_key(j, "runs");
    hl_json_array_begin(j);
    for (size_t r = 0; r < c->nruns; r++)
        write_run(j, x, &c->runs[r]);
    hl_json_array_end(j);
    struct hl_coexec_eff eff;
    if (hl_coexec_efficiency(e, c, ceilings, &eff) == 0) {
        hl_json_key(j, "alone_s");
        hl_json_array_begin(j);
        for (size_t p = 0; p < x->nparts; p++) {
            if (isnan(eff.t_alone[p]))
                hl_json_null(j);
            else
                hl_json_fixed(j, eff.t_alone[p], DIGITS);
        }
        hl_json_array_end(j);
        write_number(j, "gain", eff.gain, 6);
        write_number(j, "s_max", eff.s_max, 6);
        write_number(j, "efficiency", eff.efficiency, 6);
        write_number(j, "bound_s", eff.t_bound, DIGITS);
        write_number(j, "bound_efficiency", eff.bound_efficiency, 6);
        if (!eff.alone_known || !eff.bound_known) {
            char why[400];
            snprintf(why, sizeof why, "%s%s%s%s%s", eff.alone_known ? "" : "not run alone here: ",
                     eff.alone_known ? "" : eff.missing,
                     !eff.alone_known && !eff.bound_known ? "; " : "",
                     eff.bound_known ? "" : "bound: ", eff.bound_known ? "" : eff.bound_why);
            hl_json_key(j, "unavailable");
            hl_json_string(j, why);
        }
    }
    hl_json_object_end(j);
}

/* ---- reading ---- */

struct range_ctx {
    int64_t v[2];
};

/* The element's token is read already: an integer is in rd->jr.i. */
static int range_element(struct hl_jf *rd, enum hl_jr_token tok, size_t i, void *ctx) {
    struct range_ctx *rc = ctx;
    if (tok != HL_JR_INT || rd->jr.i < 0)
        return hl_jf_fail(rd, NULL, "must be an integer, 0 or more");
    rc->v[i] = rd->jr.i;
    return 0;
}

int hl_json_read_range(struct hl_jf *rd, struct hl_task_record *t) {
    struct range_ctx rc = {{0, 0}};
    if (hl_jf_array(rd, 2, range_element, &rc) != 0)
        return -1;
    if (rc.v[1] <= rc.v[0])
        return hl_jf_fail(rd, NULL, "must be [lo, hi] with lo < hi");
    t->lo = rc.v[0];
    t->hi = rc.v[1];
    return 0;
}

static const struct hl_jf_field part_fields[] = {
    {"label", true}, {"first_lane", true}, {"lanes", true}};

static int part_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct hl_coexec_part *p = ctx;
    int64_t v = 0;
    int rc;
    switch (k) {
    case 0: return hl_jf_text_into(rd, false, p->label, sizeof p->label);
    case 1:
        rc = hl_jf_int(rd, 0, HL_MAX_WORKERS - 1, &v);
        p->first_lane = (int)v;
        return rc;
    default:
        rc = hl_jf_int(rd, 1, HL_MAX_WORKERS, &v);
        p->lanes = (int)v;
        return rc;
    }
}

static int part_element(struct hl_jf *rd, enum hl_jr_token tok, size_t i, void *ctx) {
    struct hl_coexec *x = ctx;
    x->nparts = i + 1;
    return hl_jf_element_object(rd, tok, part_fields, 3, part_member, &x->parts[i]);
}

static const struct hl_jf_field coexec_fields[] = {{"participants", true},
                                                   {"lanes_per_rank", false}};

static int coexec_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct hl_coexec *x = ctx;
    if (k == 1) {
        int64_t v = 0;
        int rc = hl_jf_int(rd, 1, HL_MAX_WORKERS, &v);
        x->lanes_per_rank = (int)v;
        return rc;
    }
    return hl_jf_array(rd, HL_COEXEC_MAX_PARTS, part_element, ctx);
}

int hl_json_read_coexec(struct hl_jf *rd, struct hl_config_result *c) {
    if (c->coexec == NULL && (c->coexec = hl_calloc(1, sizeof *c->coexec)) == NULL)
        return hl_jf_no_memory(rd);
    return hl_jf_expect_object(rd, coexec_fields, 2, coexec_member, c->coexec);
}
