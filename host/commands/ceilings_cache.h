/* The ceilings a run or the demo needs, from a per-machine cache when it
 * holds them, else measured (experiment/ceilings.h) and cached.
 *
 * The cache is one file per machine under $XDG_CACHE_HOME/hetlane (or
 * ~/.cache/hetlane), named by a hash of the machine's key: CPU model,
 * usable cores, every OpenCL device's name and driver version. A cached
 * file is used only when its key is this machine's (another machine, a
 * changed device or driver never reuses it), it is younger than
 * HL_CEILINGS_MAX_AGE_S, it covers the threads and devices asked for, and
 * it was measured at least as thoroughly (quick ones do not serve a full
 * request). What a usable file lacks (threads, devices) is measured and
 * added to it; quick ceilings never replace full ones there. The results
 * say how old the ceilings they hold were (the oldest part's age). */
#ifndef HL_COMMANDS_CEILINGS_CACHE_H
#define HL_COMMANDS_CEILINGS_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "experiment/ceilings.h"
#include "experiment/experiment.h"

#define HL_CEILINGS_MAX_AGE_S 3600.0

/* The cache file of this machine's key into path (false: no cache
 * directory: neither XDG_CACHE_HOME nor HOME is set). */
bool hl_ceilings_cache_path(const char *key, char *path, size_t size);

/* Adds to q what `nconfigs` configurations need: CPU threads up to the
 * most workers (at least the cores) and every OpenCL device they use. */
void hl_ceilings_need(struct hl_ceilings_request *q, const struct hl_backend_config *configs,
                      size_t nconfigs);

/* Ceilings for q into *c: cached (c->age_s their age, *copy untouched)
 * or measured now (age 0; *copy filled) and then cached, a cache that
 * cannot be written being no error. Returns 0, or -1 with err filled
 * when a measurement failed (c is then cleared). */
int hl_ceilings_obtain(const struct hl_ceilings_request *q, struct hl_ceilings *c,
                       struct hl_copy_limit *copy, struct hl_error *err);

/* What `run` does before its experiment: the ceilings its configurations
 * need (a roofline workload only: fetch waits, it has none) into
 * r->ceilings (and r->copy when measured now), with one line on stderr
 * unless quiet. Returns 0, or -1 with err filled when they could not be
 * measured. */
struct hl_config;
int hl_cmd_run_ceilings(const struct hl_config *cfg, const struct hl_plan *plan,
                        struct hl_results *r, struct hl_error *err);

/* Writes c as this machine's cache file; -1 with err when it cannot. */
int hl_ceilings_cache_store(const struct hl_ceilings *c, struct hl_error *err);

#endif
