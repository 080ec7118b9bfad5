/* One time axis across MPI ranks: how a rank's clock maps onto rank 0's.
 * Rank 0 sends a ping at t0 (its clock), the rank answers with its own
 * clock's reading, rank 0 gets the answer at t1. The exchange with the
 * smallest round trip t1 - t0 is kept: its offset (remote - midpoint) is
 * wrong by at most half that round trip, whatever the delays' split.
 * Measured at the start and again before each run, the two offsets give a
 * line: linear drift is corrected in between and after (Jones and Koenig,
 * CCPE 2013, do the same with more exchanges). Pure arithmetic, no MPI. */
#ifndef HL_MODEL_CLOCK_SYNC_H
#define HL_MODEL_CLOCK_SYNC_H

#include <stddef.h>
#include <stdint.h>

struct hl_clock_exchange {
    int64_t t0_ns;     /* rank 0: ping sent */
    int64_t remote_ns; /* the rank: its clock when it answered */
    int64_t t1_ns;     /* rank 0: answer received */
};

struct hl_clock_fit {
    int64_t at_ns;     /* rank 0's clock at the kept exchange's midpoint */
    int64_t offset_ns; /* remote clock - rank 0's clock there */
    int64_t rtt_ns;    /* its round trip; the offset is good to rtt / 2 */
};

/* The exchange of the n (n > 0) with the smallest round trip, as a fit. */
struct hl_clock_fit hl_clock_best(const struct hl_clock_exchange *x, size_t n);

/* A time on the remote clock as rank 0's clock reads it, on the line
 * through `start` and `end` (extended past end: drift is linear); with
 * fits less than HL_CLOCK_MIN_SPAN_NS apart, end's offset alone. */
#define HL_CLOCK_MIN_SPAN_NS INT64_C(1000000000)
int64_t hl_clock_to_root(const struct hl_clock_fit *start, const struct hl_clock_fit *end,
                         int64_t remote_ns);

/* How fast the offset moves between start and end, in parts per million
 * (0 when they are the same instant). */
double hl_clock_drift_ppm(const struct hl_clock_fit *start, const struct hl_clock_fit *end);

#endif
