#include "output/results_json_params.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "output/json_fields.h"
#include "util/alloc.h"

#define NFIELDS(t) (sizeof(t) / sizeof((t)[0]))

/* What hetlane's workloads report (workloads/): sizes and counts are
 * never negative, a request never takes 0 s or less. Other keys may hold
 * any number or string. */
static int param_value(struct hl_jf *rd, struct hl_param *p) {
    enum hl_jr_token tok;
    if (hl_jf_next(rd, &tok) != 0)
        return -1;
    if (tok == HL_JR_STRING) {
        p->type = HL_PARAM_TEXT;
        p->text = hl_strdup(rd->jr.str);
        return p->text == NULL ? hl_jf_no_memory(rd) : 0;
    }
    if (tok != HL_JR_INT && tok != HL_JR_REAL) {
        hl_json_reader_skip(&rd->jr, tok);
        return hl_jf_fail(rd, NULL, "must be a number or a string");
    }
    p->type = tok == HL_JR_INT ? HL_PARAM_INT : HL_PARAM_REAL;
    p->i = tok == HL_JR_INT ? rd->jr.i : 0;
    p->r = tok == HL_JR_REAL ? rd->jr.r : 0;
    /* %.17g writes an integral real under 1e17 as an integer, read back as
     * one: read it so now, so a file and its rewrite agree (fuzzed). */
    if (p->type == HL_PARAM_REAL && p->r == floor(p->r) && fabs(p->r) < 1e17) {
        p->type = HL_PARAM_INT;
        p->i = (int64_t)p->r;
    }
    static const char *const counts[] = {"n", "tasks", "latency_ms", "body_size"};
    for (size_t i = 0; i < NFIELDS(counts); i++) {
        if (strcmp(p->key, counts[i]) != 0)
            continue;
        if (p->type == HL_PARAM_INT && p->i < 0)
            return hl_jf_fail(rd, NULL, "%" PRId64 " is out of range (0 or more)", p->i);
        if (p->type == HL_PARAM_REAL && !(p->r >= 0))
            return hl_jf_fail(rd, NULL, "%g is out of range (0 or more)", p->r);
    }
    double v = p->type == HL_PARAM_INT ? (double)p->i : p->r;
    if (strcmp(p->key, "timeout_s") == 0 && !(v > 0))
        return hl_jf_fail(rd, NULL, "%g is out of range (more than 0)", v);
    return 0;
}

int hl_json_read_params(struct hl_jf *rd, struct hl_experiment_result *e) {
    enum hl_jr_token tok;
    if (hl_jf_next(rd, &tok) != 0)
        return -1;
    if (tok != HL_JR_OBJECT) {
        hl_json_reader_skip(&rd->jr, tok);
        return hl_jf_fail(rd, NULL, "must be an object");
    }
    for (;;) {
        if (hl_jf_next(rd, &tok) != 0)
            return -1;
        if (tok == HL_JR_OBJECT_END)
            return 0;
        if (hl_experiment_param(e, rd->jr.str) != NULL)
            return hl_jf_fail(rd, rd->jr.str, "appears twice");
        struct hl_param *p = hl_experiment_add_param(e, rd->jr.str);
        if (p == NULL)
            return hl_jf_no_memory(rd);
        if (hl_jf_push(rd, p->key) != 0) /* the model's copy outlives the frame */
            return -1;
        int rc = param_value(rd, p);
        hl_jf_pop(rd);
        if (rc != 0)
            return -1;
    }
}
