/* Facts about the machine that results.json and the planner need. */
#ifndef HL_UTIL_SYSINFO_H
#define HL_UTIL_SYSINFO_H

#include <stddef.h>
#include <stdint.h>

/* CPUs this process may run on (sched_getaffinity), at least 1. */
int hl_sys_cores(void);

/* MemAvailable from /proc/meminfo in bytes, or 0 when unknown. */
uint64_t hl_sys_mem_available(void);

/* The CPU model name into buf ("unknown" when it cannot be read). */
void hl_sys_cpu_model(char *buf, size_t size);

#endif
