#include "util/cpu_isa.h"

#include <stdatomic.h>

enum hl_isa hl_cpu_isa(void) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    static atomic_int known = -1; /* racing threads store the same answer */
    int isa = atomic_load_explicit(&known, memory_order_relaxed);
    if (isa < 0) {
        __builtin_cpu_init();
        isa = __builtin_cpu_supports("avx512f") ? HL_ISA_AVX512
              : __builtin_cpu_supports("avx2")  ? HL_ISA_AVX2
                                                : HL_ISA_BASE;
        atomic_store_explicit(&known, isa, memory_order_relaxed);
    }
    return (enum hl_isa)isa;
#else
    return HL_ISA_BASE;
#endif
}

const char *hl_isa_name(enum hl_isa isa) {
#if defined(__x86_64__)
    switch (isa) {
    case HL_ISA_AVX512: return "avx512f";
    case HL_ISA_AVX2: return "avx2";
    case HL_ISA_BASE: break;
    }
    return "sse2";
#else
    (void)isa;
    return "base";
#endif
}
