/* The demo's co-execution configuration (docs/coexec.md): the cores and
 * the first OpenCL device at once, next to each of them alone. */
#ifndef HL_COMMANDS_DEMO_JOIN_H
#define HL_COMMANDS_DEMO_JOIN_H

#include <stddef.h>

#include "backends/backend_list.h"

/* Appends "pthread:W+DEVICE" to list, W the most threads of a pthread
 * configuration of the list that fit the cores (else the fewest) and DEVICE the configuration at
 * index `first` (the first device added; nothing when first == end or the list has no pthread
 * configuration or no room). */
void hl_demo_add_join(struct hl_backend_list *list, size_t first, size_t end);

#endif
