/* The configurations a -b list names, and the parser that fills them.
 * It lives with the backend table because it only asks the table: which
 * backend a name is, whether it takes a worker count, which devices a
 * device backend expands to. The CLI, the demo, tests and benchmarks all
 * build their configurations here. */
#ifndef HL_BACKENDS_BACKEND_LIST_H
#define HL_BACKENDS_BACKEND_LIST_H

#include <stddef.h>

#include "backends/backend.h"

#define HL_MAX_CONFIGS 64

/* Configurations in the order they were named. Plain data, no heap: it
 * can be copied and kept by value. */
struct hl_backend_list {
    size_t count;
    struct hl_backend_config items[HL_MAX_CONFIGS];
};

/* Parses one -b value ("serial,pthread:4,opencl:0:0") and appends its
 * configurations to list. A name that is not a backend, a bad worker
 * count, a device that does not exist or more than HL_MAX_CONFIGS in all
 * is a usage error naming the item (err filled, -1); list then holds the
 * items before it. Running out of memory while listing devices is a
 * runtime error. */
int hl_backend_list_parse(struct hl_backend_list *list, const char *spec, struct hl_error *err);

/* Appends one configuration per device of every backend that runs `kinds`
 * (enum hl_workload_kind bits) and names devices (expand). Returns 0 when
 * at least one was added; -1 with why filled when none was: a usage error
 * says why there is no device (none found, or none built in) in words
 * that name no CLI option; a runtime error is a real failure. */
int hl_backend_list_add_devices(struct hl_backend_list *list, unsigned kinds, struct hl_error *why);

/* How a -b item names backend be: "serial", "pthread:W" (a worker
 * count), "opencl[:P:D]" (every device, or one). */
void hl_backend_spec_syntax(const struct hl_backend *be, char *buf, size_t size);

/* Drops configurations whose label an earlier one has (pthread:P is
 * pthread:2 on a 2-core machine). Cannot fail. */
void hl_backend_list_drop_repeats(struct hl_backend_list *list);

/* --no-overlap: every device configuration gets one in-order queue, and
 * its label says so. Cannot fail. */
void hl_backend_list_no_overlap(struct hl_backend_list *list);

#endif
