#include "commands/ceilings_cache.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "model/backend_traits.h"
#include "output/ceilings_io.h"
#include "util/alloc.h"
#include "util/sysinfo.h"
#include "util/timing.h"

static uint64_t fnv1a(const char *s) {
    uint64_t h = 14695981039346656037u;
    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return h;
}

static bool cache_dir(char *dir, size_t size) {
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    int n;
    if (xdg != NULL && xdg[0] == '/')
        n = snprintf(dir, size, "%s/hetlane", xdg);
    else if (home != NULL && home[0] == '/')
        n = snprintf(dir, size, "%s/.cache/hetlane", home);
    else
        return false;
    return n > 0 && (size_t)n < size;
}

bool hl_ceilings_cache_path(const char *key, char *path, size_t size) {
    char dir[3072];
    if (!cache_dir(dir, sizeof dir))
        return false;
    int n = snprintf(path, size, "%s/ceilings-%016llx.json", dir, (unsigned long long)fnv1a(key));
    return n > 0 && (size_t)n < size;
}

/* mkdir -p of dir; true when it exists afterwards. */
static bool make_dirs(char *dir) {
    for (char *p = dir + 1; *p != '\0'; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(dir, 0700);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return false;
    }
    return mkdir(dir, 0700) == 0 || errno == EEXIST;
}

void hl_ceilings_need(struct hl_ceilings_request *q, const struct hl_backend_config *configs,
                      size_t nconfigs) {
    int cores = hl_sys_cores();
    q->cpu = true;
    q->threads = q->threads > cores ? q->threads : cores;
    for (size_t i = 0; i < nconfigs; i++) {
        const struct hl_backend_config *c = &configs[i];
        enum hl_backend_family family = hl_backend_traits_of(c->backend->name)->family;
        if (c->platform < 0) { /* CPU workers: their start-up floors (not curl-multi's) */
            if (family == HL_FAMILY_THREADS || family == HL_FAMILY_PROCESSES)
                q->threads = c->workers > q->threads ? c->workers : q->threads;
            continue;
        }
        char index[16];
        snprintf(index, sizeof index, "%d:%d", c->platform, c->device);
        bool have = false;
        for (size_t d = 0; d < q->ndevices; d++)
            have = have || strcmp(q->devices[d], index) == 0;
        if (!have && q->ndevices < HL_CEIL_MAX_DEVICES)
            memcpy(q->devices[q->ndevices++], index, sizeof index);
    }
    q->threads = q->threads < HL_CEIL_MAX_THREADS ? q->threads : HL_CEIL_MAX_THREADS;
}

/* A cached c usable for q on this machine now: this machine's key, fresh,
 * and measured at least as thoroughly. */
static bool usable(const struct hl_ceilings *c, const struct hl_ceilings_request *q,
                   const char *key, double now) {
    return c->measured && strcmp(c->key, key) == 0 && (!c->quick || q->quick) &&
           now - c->taken_at >= 0 && now - c->taken_at < HL_CEILINGS_MAX_AGE_S;
}

/* What a usable cached c lacks for q, as a request of its own; false when
 * it lacks nothing. */
static bool missing(const struct hl_ceilings *c, const struct hl_ceilings_request *q,
                    struct hl_ceilings_request *m) {
    *m = *q;
    m->cpu = q->cpu && c->cpu.threads < q->threads;
    m->ndevices = 0;
    for (size_t d = 0; d < q->ndevices; d++) {
        if (hl_ceilings_device(c, q->devices[d]) == NULL)
            memcpy(m->devices[m->ndevices++], q->devices[d], sizeof m->devices[0]);
    }
    return m->cpu || m->ndevices > 0;
}

/* Adds what `fresh` measured to the cached c: its CPU part when measured,
 * its devices. The ages stay the cached ones' (the older). */
static void merge(struct hl_ceilings *c, const struct hl_ceilings *fresh, bool cpu) {
    if (cpu)
        c->cpu = fresh->cpu;
    for (size_t d = 0; d < fresh->ndevices && c->ndevices < HL_CEIL_MAX_DEVICES; d++)
        c->devices[c->ndevices++] = fresh->devices[d];
    c->quick = c->quick || fresh->quick;
}

int hl_ceilings_cache_store(const struct hl_ceilings *c, struct hl_error *err) {
    char path[4096], dir[3072];
    if (!hl_ceilings_cache_path(c->key, path, sizeof path) || !cache_dir(dir, sizeof dir))
        return hl_error_set(err, HL_ERR_RUNTIME, "no cache directory (HOME is not set)");
    if (!make_dirs(dir))
        return hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot create %s", dir);
    /* Not through the output files' writer: the cache is not part of a
     * result set, and its fault hooks count only those. */
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s/.ceilings-XXXXXX", dir);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot write in %s", dir);
    FILE *out = fdopen(fd, "w");
    if (out == NULL) {
        close(fd);
        unlink(tmp);
        return hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot write in %s", dir);
    }
    hl_ceilings_write_document(out, c);
    bool ok = fflush(out) == 0 && !ferror(out);
    ok = fclose(out) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return hl_error_errno(err, HL_ERR_RUNTIME, e, "cannot write %s", path);
    }
    return 0;
}

int hl_ceilings_obtain(const struct hl_ceilings_request *q, struct hl_ceilings *c,
                       struct hl_copy_limit *copy, struct hl_error *err) {
    char key[sizeof c->key], path[4096];
    if (hl_ceilings_machine_key(key, sizeof key, err) != 0)
        return -1;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    double now = (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
    /* A missing or broken cache is measured over; running out of memory
     * or an interrupt while reading it is this command's failure. */
    struct hl_error ignored = {0};
    bool cached = hl_ceilings_cache_path(key, path, sizeof path) &&
                  hl_ceilings_load(path, c, &ignored) == 0 && usable(c, q, key, now);
    if (ignored.status == HL_ERR_RUNTIME) {
        *err = ignored;
        return -1;
    }
    struct hl_ceilings_request m;
    if (cached && !missing(c, q, &m)) {
        c->age_s = now - c->taken_at;
        return 0;
    }
    if (!cached) {
        if (hl_ceilings_measure(q, c, copy, err) != 0)
            return -1;
        hl_ceilings_cache_store(c, &ignored);
        return 0;
    }
    /* Measure only what the cache lacks, and keep the rest. A quick
     * measurement never replaces full ceilings in the cache (the demo's
     * --quick would otherwise undo every full run's). */
    struct hl_ceilings *fresh = hl_calloc(1, sizeof *fresh);
    if (fresh == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "cannot allocate the ceilings");
    bool was_full = !c->quick;
    int rc = hl_ceilings_measure(&m, fresh, m.cpu ? copy : NULL, err);
    if (rc == 0) {
        merge(c, fresh, m.cpu);
        c->age_s = now - c->taken_at;
        if (!c->quick || !was_full)
            hl_ceilings_cache_store(c, &ignored);
    }
    free(fresh);
    return rc;
}

int hl_cmd_run_ceilings(const struct hl_config *cfg, const struct hl_plan *plan,
                        struct hl_results *r, struct hl_error *err) {
    if (!hl_intensity_known(&plan->workload->intensity))
        return 0;
    struct hl_ceilings_request q = {0};
    hl_ceilings_need(&q, plan->configs, plan->nconfigs);
    int64_t t0 = hl_now_ns();
    if (hl_ceilings_obtain(&q, &r->ceilings, &r->copy, err) != 0) {
        char why[HL_ERROR_MSG_MAX];
        snprintf(why, sizeof why, "%s", err->msg);
        enum hl_status status = err->status;
        hl_error_clear(err);
        return hl_error_set(err, status, "ceilings: %s", why);
    }
    if (cfg->quiet)
        return 0;
    if (r->ceilings.age_s > 0)
        fprintf(stderr, "hetlane: ceilings from the cache, measured %.0f s ago\n",
                r->ceilings.age_s);
    else
        fprintf(stderr, "hetlane: ceilings measured in %.1f s (cached for an hour)\n",
                (double)(hl_now_ns() - t0) * 1e-9);
    return 0;
}
