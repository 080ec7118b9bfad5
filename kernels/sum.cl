/* sum: 0 + 1 + ... + (n-1) (int64) as a two-step parallel reduction.
 *
 * Step 1 (hl_sum_partial): the range is cut into runs of 8 consecutive
 * integers; work-item gid adds runs gid, gid + G, gid + 2G, ... (G = the
 * global size), eight lanes at a time in a ulong8, and the n % 8 integers
 * after the last whole run go one each to work-items 0..6. The work-group
 * then adds its work-items' sums as a tree in local memory and work-item
 * 0 writes the group's sum to partials[group]. Step 2 (hl_sum_final): one
 * work-group adds the partials the same way and writes out[0].
 *
 * Why `^ salt`: the host passes salt = 0, so every term is the integer
 * itself, but the compiler cannot know that. LLVM (under PoCL and most GPU
 * drivers) can rewrite a sum over an affine index into a closed form
 * (scalar evolution); XOR with an unknown value is not affine, so every
 * addition has to happen. Measured on PoCL 3.1 (docs/opencl.md): kernel
 * time grows linearly with n, 0.78 ms at n = 19.5M to 42.8 ms at 1.25G.
 *
 * Why ulong8 lanes: PoCL turns them into one AVX register of additions
 * whatever it makes of the work-item loop; on PoCL this measured 1.0-1.1x
 * the time of the CPU backends' SIMD loop, against 1.5-2x for one integer
 * per step. GPUs split the vector into registers at no cost. Sums wrap as
 * ulong (no signed overflow); the total fits in int64 for n <= 2^32
 * (checked on the host).
 *
 * The local size must be a power of two (the host picks one). */
__kernel void hl_sum_partial(const ulong n, const ulong salt, __global long *partials,
                             __local ulong *scratch)
{
    const ulong g = get_global_size(0);
    const ulong gid = get_global_id(0);
    const ulong runs = n / 8;
    const ulong8 lane = (ulong8)(0, 1, 2, 3, 4, 5, 6, 7);
    const ulong8 salt8 = (ulong8)(salt);
    ulong8 acc = (ulong8)(0);
    for (ulong r = gid; r < runs; r += g)
        acc += ((ulong8)(r * 8) + lane) ^ salt8;
    const ulong4 acc4 = acc.lo + acc.hi;
    const ulong2 acc2 = acc4.lo + acc4.hi;
    ulong sum = acc2.lo + acc2.hi;
    const ulong tail = runs * 8 + gid;
    sum += tail < n ? (tail ^ salt) : 0;

    const size_t lid = get_local_id(0);
    scratch[lid] = sum;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (size_t s = get_local_size(0) / 2; s > 0; s /= 2) {
        if (lid < s)
            scratch[lid] += scratch[lid + s];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0)
        partials[get_group_id(0)] = (long)scratch[0];
}

__kernel void hl_sum_final(__global const long *partials, const uint count, __global long *out,
                           __local ulong *scratch)
{
    const size_t lid = get_local_id(0);
    const size_t lsize = get_local_size(0);
    ulong acc = 0;
    for (size_t k = lid; k < count; k += lsize)
        acc += (ulong)partials[k];
    scratch[lid] = acc;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (size_t s = lsize / 2; s > 0; s /= 2) {
        if (lid < s)
            scratch[lid] += scratch[lid + s];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0)
        out[0] = (long)scratch[0];
}
