/* model/clock_sync: the exchange with the smallest round trip is kept,
 * its offset is within half that round trip of the truth whatever the
 * split of the delays, and times between two fits are mapped on the line
 * through them (linear drift corrected). */
#include <math.h>
#include <stdint.h>

#include "check.h"
#include "model/clock_sync.h"

/* A remote clock = root + offset + drift * (root - 0). */
static int64_t remote_at(int64_t root, int64_t offset, double drift) {
    return root + offset + (int64_t)llround(drift * (double)root);
}

static void test_best_exchange(void) {
    /* True offset 5000 ns; three exchanges with unequal delays. */
    const int64_t off = 5000;
    struct hl_clock_exchange x[3] = {
        {.t0_ns = 1000, .remote_ns = 1000 + 900 + off, .t1_ns = 1000 + 900 + 100}, /* rtt 1000 */
        {.t0_ns = 9000, .remote_ns = 9000 + 30 + off, .t1_ns = 9000 + 30 + 170},   /* rtt 200 */
        {.t0_ns = 20000, .remote_ns = 20000 + 250 + off, .t1_ns = 20000 + 500},    /* rtt 500 */
    };
    struct hl_clock_fit f = hl_clock_best(x, 3);
    CHECKF(f.rtt_ns == 200, "rtt %lld", (long long)f.rtt_ns);
    CHECK(f.at_ns == 9100);
    /* Asymmetric (30 out, 170 back): off by 70 ns, inside the 100 ns bound. */
    CHECKF(llabs(f.offset_ns - off) <= f.rtt_ns / 2, "offset %lld", (long long)f.offset_ns);
    CHECK(f.offset_ns == off - 70);
    /* One exchange is its own best. */
    struct hl_clock_fit one = hl_clock_best(&x[2], 1);
    CHECK(one.rtt_ns == 500 && one.offset_ns == off);
}

static void test_drift(void) {
    /* 50 ppm drift, 1 ms offset, symmetric 2 us round trips at 0 s and 10 s. */
    const int64_t off = 1000000;
    const double drift = 50e-6;
    int64_t a = 1000000, b = 10000000000;
    struct hl_clock_exchange xa = {a - 1000, remote_at(a, off, drift), a + 1000};
    struct hl_clock_exchange xb = {b - 1000, remote_at(b, off, drift), b + 1000};
    struct hl_clock_fit s = hl_clock_best(&xa, 1), e = hl_clock_best(&xb, 1);
    CHECKF(fabs(hl_clock_drift_ppm(&s, &e) - 50) < 0.01, "drift %f ppm",
           hl_clock_drift_ppm(&s, &e));
    /* Anywhere between (and a little past) the fits: back to root time
     * within a few ns, where the start's offset alone would be off by up
     * to 500 us. */
    for (int64_t root = 0; root <= 12000000000; root += 1500000000) {
        int64_t back = hl_clock_to_root(&s, &e, remote_at(root, off, drift));
        CHECKF(llabs(back - root) < 10, "root %lld -> %lld", (long long)root, (long long)back);
    }
    /* Same instant (one fit twice): the offset alone. */
    CHECK(hl_clock_drift_ppm(&s, &s) == 0);
    CHECK(hl_clock_to_root(&s, &s, 5000 + s.offset_ns) == 5000);
    /* Fits under a second apart: the later one's offset alone, not a
     * line a long run would magnify. */
    struct hl_clock_fit near = s;
    near.at_ns += 500000000;
    near.offset_ns += 700; /* 1400 ppm of noise over half a second */
    CHECK(hl_clock_to_root(&s, &near, 9000000000 + near.offset_ns) == 9000000000);
}

int main(void) {
    test_best_exchange();
    test_drift();
    return check_failures == 0 ? 0 : 1;
}
