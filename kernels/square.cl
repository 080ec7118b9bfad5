/* square: y[i] = x[i]^2 for one chunk of n elements (int64).
 *
 * Each work-item squares one run of 8 consecutive elements as a long8;
 * the work-item holding the last, partial run does its 1..7 elements one
 * by one. The host launches ceil(n / 8) work-items rounded up to a
 * multiple of the work-group size, so work-items past the end do nothing:
 * chunks are rarely a multiple of either (n = 1 and prime n are tested).
 *
 * Why runs of 8 and streaming stores: y is written once and not read
 * again, and a normal store first reads the line it writes (a third of
 * the traffic), which the CPU backends avoid with non-temporal stores.
 * Clang-based compilers (PoCL's, among others) offer the same through
 * __builtin_nontemporal_store; a whole long8 lets PoCL emit full-line
 * streaming stores. Measured on PoCL 3.1: 3.9-4.3 ms for n = 12M against
 * 5.4-6.1 ms with one element and a plain store per work-item, pthread:2
 * 4.2 ms. Other compilers get a plain store. The buffers start aligned
 * (CL_DEVICE_MEM_BASE_ADDR_ALIGN) and runs are 64 bytes, so the long8
 * pointer is aligned. */
#if defined(__clang__) && defined(__has_builtin)
#if __has_builtin(__builtin_nontemporal_store)
#define HL_STORE_STREAM(value, ptr) __builtin_nontemporal_store((value), (ptr))
#endif
#endif
#ifndef HL_STORE_STREAM
#define HL_STORE_STREAM(value, ptr) (*(ptr) = (value))
#endif

__kernel void hl_square(__global const long *x, __global long *y, const ulong n)
{
    const size_t run = get_global_id(0);
    size_t i = run * 8;
    if (i + 8 <= n) {
        const long8 v = vload8(run, x);
        HL_STORE_STREAM(v * v, (__global long8 *)(y + i));
    } else {
        for (; i < n; i++)
            y[i] = x[i] * x[i];
    }
}

/* square of elements [lo, hi) of whole arrays, for the zero-copy mode,
 * where x and y are the host's arrays in place and a chunk starts
 * anywhere. Work-item r squares the aligned run of 8 at a + 8r, with a
 * the first multiple of 8 at or after lo, so the long8 store is aligned
 * (the arrays are page-aligned); the last work-item also does the head
 * [lo, a) and the tail after the last whole run, one by one. The host
 * launches (b - a) / 8 + 1 work-items, rounded up to the group size. */
__kernel void hl_square_span(__global const long *x, __global long *y, const ulong lo,
                             const ulong hi)
{
    ulong a = (lo + 7) & ~(ulong)7;
    if (a > hi)
        a = hi;
    const ulong b = a + ((hi - a) & ~(ulong)7); /* end of the whole runs */
    const size_t run = get_global_id(0);
    const ulong i = a + (ulong)run * 8;
    if (i + 8 <= b) {
        const long8 v = vload8(0, x + i);
        HL_STORE_STREAM(v * v, (__global long8 *)(y + i));
    } else if (run == (b - a) / 8) {
        for (ulong k = lo; k < a; k++)
            y[k] = x[k] * x[k];
        for (ulong k = b; k < hi; k++)
            y[k] = x[k] * x[k];
    }
}
