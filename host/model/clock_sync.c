#include "model/clock_sync.h"

#include <math.h>

struct hl_clock_fit hl_clock_best(const struct hl_clock_exchange *x, size_t n) {
    size_t best = 0;
    for (size_t i = 1; i < n; i++) {
        if (x[i].t1_ns - x[i].t0_ns < x[best].t1_ns - x[best].t0_ns)
            best = i;
    }
    /* The midpoint as t0 + rtt / 2, not (t0 + t1) / 2: no overflow. */
    int64_t rtt = x[best].t1_ns - x[best].t0_ns;
    int64_t mid = x[best].t0_ns + rtt / 2;
    return (struct hl_clock_fit){.at_ns = mid, .offset_ns = x[best].remote_ns - mid, .rtt_ns = rtt};
}

double hl_clock_drift_ppm(const struct hl_clock_fit *start, const struct hl_clock_fit *end) {
    int64_t span = end->at_ns - start->at_ns;
    if (span <= 0)
        return 0;
    return (double)(end->offset_ns - start->offset_ns) / (double)span * 1e6;
}

int64_t hl_clock_to_root(const struct hl_clock_fit *start, const struct hl_clock_fit *end,
                         int64_t remote_ns) {
    /* root = remote - offset(root): the offset is wanted at the root time
     * being computed. Two fixed-point steps from the start's offset: each
     * shrinks the error by the drift (parts per million), so the second
     * is exact to well under a nanosecond over any run. */
    /* Fits under a second apart would make a noisy line that a long run
     * magnifies: then the later offset alone. */
    if (end->at_ns - start->at_ns < HL_CLOCK_MIN_SPAN_NS)
        return remote_ns - end->offset_ns;
    double ppm = hl_clock_drift_ppm(start, end);
    int64_t root = remote_ns - start->offset_ns;
    for (int i = 0; i < 2; i++) {
        double offset = (double)start->offset_ns + ppm * 1e-6 * (double)(root - start->at_ns);
        root = remote_ns - (int64_t)llround(offset);
    }
    return root;
}
