/* Probes of a device's ceilings (backends/opencl/cl_probes.c,
 * docs/ceilings.md): what its global memory moves and how many int64
 * additions it does per second, each checked by the host afterwards.
 *
 * hl_ceil_copy: dst = src, one long8 (64 bytes) per work-item; bytes read
 * + written per second is the device's memory ceiling.
 *
 * hl_ceil_add: each work-item runs `iters` steps of a linear recurrence
 * over eight ulong8 accumulators, a_j <- a_j + a_(j+1 mod 8) for every j
 * at once: 64 additions per step, 8 independent chains per lane. Why this
 * and not `acc += step`: LLVM (under PoCL and most GPU drivers) rewrites
 * an add recurrence with a loop-invariant step into a closed form (scalar
 * evolution), and would time nothing; a cycle of accumulators feeding one
 * another is no such recurrence, so every addition happens. The start is
 * affine in the work-item's id (a = gid * c_k + d_k), the map is linear,
 * so each work-item's folded result is gid * alpha + beta for two numbers
 * the host computes by running the same recurrence on c and d: every
 * work-item's result is checked. Sums wrap as ulong. */
__kernel void hl_ceil_copy(__global const long8 *src, __global long8 *dst, const ulong n8)
{
    const size_t i = get_global_id(0);
    if (i < n8)
        dst[i] = src[i];
}

__kernel void hl_ceil_add(const ulong iters, const ulong c, const ulong d, __global ulong *out)
{
    const ulong g = get_global_id(0);
    const ulong8 lane = (ulong8)(0, 1, 2, 3, 4, 5, 6, 7);
    ulong8 a0 = g * ((ulong8)(c + 0) + lane) + ((ulong8)(d + 0) + lane);
    ulong8 a1 = g * ((ulong8)(c + 8) + lane) + ((ulong8)(d + 8) + lane);
    ulong8 a2 = g * ((ulong8)(c + 16) + lane) + ((ulong8)(d + 16) + lane);
    ulong8 a3 = g * ((ulong8)(c + 24) + lane) + ((ulong8)(d + 24) + lane);
    ulong8 a4 = g * ((ulong8)(c + 32) + lane) + ((ulong8)(d + 32) + lane);
    ulong8 a5 = g * ((ulong8)(c + 40) + lane) + ((ulong8)(d + 40) + lane);
    ulong8 a6 = g * ((ulong8)(c + 48) + lane) + ((ulong8)(d + 48) + lane);
    ulong8 a7 = g * ((ulong8)(c + 56) + lane) + ((ulong8)(d + 56) + lane);
    for (ulong k = 0; k < iters; k++) {
        const ulong8 t0 = a0 + a1, t1 = a1 + a2, t2 = a2 + a3, t3 = a3 + a4;
        const ulong8 t4 = a4 + a5, t5 = a5 + a6, t6 = a6 + a7, t7 = a7 + a0;
        a0 = t0;
        a1 = t1;
        a2 = t2;
        a3 = t3;
        a4 = t4;
        a5 = t5;
        a6 = t6;
        a7 = t7;
    }
    const ulong8 s = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
    const ulong4 s4 = s.lo + s.hi;
    const ulong2 s2 = s4.lo + s4.hi;
    out[g] = s2.lo + s2.hi;
}
