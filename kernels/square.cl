/* square: y[i] = x[i]^2 for one chunk of n elements (int64).
 *
 * The host rounds the global size up to a multiple of the work-group size,
 * so work-items past n must do nothing: chunks are rarely a multiple of
 * the work-group size (n = 1 and prime n are tested). */
__kernel void hl_square(__global const long *x, __global long *y, const ulong n)
{
    size_t i = get_global_id(0);
    if (i < n)
        y[i] = x[i] * x[i];
}
