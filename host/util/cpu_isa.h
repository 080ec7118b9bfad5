/* Which SIMD instructions this CPU runs, for code with one version per
 * instruction set chosen at run time (function multiversioning): the sum
 * loop and the add ceiling's probe. One binary built for plain x86-64 is
 * then fast on every x86-64. */
#ifndef HL_UTIL_CPU_ISA_H
#define HL_UTIL_CPU_ISA_H

enum hl_isa {
    HL_ISA_BASE,   /* what the build targets: SSE2 on x86-64 */
    HL_ISA_AVX2,   /* 256-bit integer vectors */
    HL_ISA_AVX512, /* 512-bit integer vectors (AVX-512F) */
};

/* The widest of them this CPU supports (HL_ISA_BASE off x86-64), asked
 * of the CPU once. Never fails. */
enum hl_isa hl_cpu_isa(void);

/* "sse2", "avx2", "avx512f" ("base" off x86-64). */
const char *hl_isa_name(enum hl_isa isa);

#endif
