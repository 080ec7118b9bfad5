#include "output/results_json_mpi.h"

#include <stdlib.h>

#include "util/alloc.h"

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))
#define F(name, required)                                                                          \
    { name, required }

void hl_json_write_mpi(struct hl_json *j, const struct hl_results *r) {
    if (r->nranks == 0)
        return;
    hl_json_key(j, "mpi");
    hl_json_object_begin(j);
    hl_json_key(j, "ranks");
    hl_json_array_begin(j);
    for (size_t i = 0; i < r->nranks; i++) {
        const struct hl_rank_clock *c = &r->ranks[i];
        hl_json_object_begin(j);
        hl_json_key(j, "rank");
        hl_json_int(j, c->rank);
        hl_json_key(j, "host");
        hl_json_string(j, c->host);
        hl_json_key(j, "offset_s");
        hl_json_fixed(j, c->offset_s, 9);
        hl_json_key(j, "drift_ppm");
        hl_json_fixed(j, c->drift_ppm, 3);
        hl_json_key(j, "bound_s");
        hl_json_fixed(j, c->bound_s, 9);
        hl_json_key(j, "rtt_s");
        hl_json_fixed(j, c->rtt_s, 9);
        hl_json_object_end(j);
    }
    hl_json_array_end(j);
    hl_json_object_end(j);
}

void hl_json_write_task_rank(struct hl_json *j, const struct hl_results *r,
                             const struct hl_task_record *t) {
    if (r == NULL || r->nranks == 0)
        return;
    hl_json_key(j, "rank");
    hl_json_int(j, t->rank);
    hl_json_key(j, "host");
    hl_json_string(j, t->rank >= 0 && (size_t)t->rank < r->nranks ? r->ranks[t->rank].host : NULL);
    hl_json_key(j, "comm_bytes");
    hl_json_int(j, t->comm_bytes);
}

static const struct hl_jf_field rank_fields[] = {F("rank", true),     F("host", true),
                                                 F("offset_s", true), F("drift_ppm", true),
                                                 F("bound_s", true),  F("rtt_s", true)};

static int rank_member(struct hl_jf *rd, size_t k, void *ctx) {
    struct hl_rank_clock *c = ctx;
    int64_t v = 0;
    int rc;
    switch (k) {
    case 0:
        rc = hl_jf_int(rd, 0, HL_MAX_RANKS - 1, &v);
        c->rank = (int)v;
        return rc;
    case 1: return hl_jf_text(rd, false, &c->host);
    case 2: return hl_jf_number(rd, false, -1e6, 1e6, &c->offset_s);
    case 3: return hl_jf_number(rd, false, -1e6, 1e6, &c->drift_ppm);
    case 4: return hl_jf_number(rd, false, 0, 1e6, &c->bound_s);
    default: return hl_jf_number(rd, false, 0, 1e6, &c->rtt_s);
    }
}

struct ranks_ctx {
    struct hl_results *r;
    size_t cap;
};

static int rank_element(struct hl_jf *rd, enum hl_jr_token tok, size_t i, void *ctx) {
    struct ranks_ctx *rc = ctx;
    struct hl_rank_clock *c =
        hl_jf_grow((void **)&rc->r->ranks, &rc->cap, rc->r->nranks, sizeof *c);
    if (c == NULL)
        return hl_jf_no_memory(rd);
    rc->r->nranks++; /* counted first: hl_results_free frees its host */
    if (hl_jf_element_object(rd, tok, rank_fields, NFIELDS(rank_fields), rank_member, c) != 0)
        return -1;
    return (size_t)c->rank == i ? 0 : hl_jf_fail(rd, "rank", "ranks must be listed 0, 1, 2, ...");
}

static const struct hl_jf_field mpi_fields[] = {F("ranks", true)};

static int mpi_member(struct hl_jf *rd, size_t k, void *ctx) {
    (void)k;
    struct ranks_ctx rc = {.r = ctx};
    return hl_jf_array(rd, HL_MAX_RANKS, rank_element, &rc);
}

int hl_json_read_mpi(struct hl_jf *rd, struct hl_results *r) {
    return hl_jf_expect_object(rd, mpi_fields, NFIELDS(mpi_fields), mpi_member, r);
}
