#include "report/report_roofline.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model/backend_traits.h"
#include "util/text.h"

struct out {
    char *buf;
    size_t size, len;
};

__attribute__((format(printf, 2, 3))) static void put(struct out *o, const char *fmt, ...) {
    if (o->len + 1 >= o->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
    va_end(ap);
    o->len = n > 0 && o->len + (size_t)n < o->size ? o->len + (size_t)n : o->size - 1;
}

/* "multiplies", "additions": the operation, counted. */
static const char *ops_word(const struct hl_intensity *in) {
    if (strcmp(in->op, "add") == 0)
        return "additions";
    if (strcmp(in->op, "multiply") == 0)
        return "multiplies";
    return "operations";
}

void hl_roofline_intensity_text(const struct hl_intensity *in, double bytes, char *buf,
                                size_t size) {
    if (bytes > 0)
        snprintf(buf, size, "%g %s per %g bytes", in->ops, in->op, bytes);
    else
        snprintf(buf, size, "%g %s and no bytes", in->ops, in->op);
}

/* "1.23 G" of an ops rate. */
static const char *giga(char *buf, size_t size, double per_s) {
    snprintf(buf, size, "%.3g G", per_s * 1e-9);
    return buf;
}

/* " of 16 threads" / " of opencl:0:0" : whose ceiling. */
static void whose(struct out *o, const struct hl_roof_point *p) {
    if (p->device)
        put(o, " of opencl:%s", p->device_index);
    else
        put(o, " of %d thread%s", p->config->workers < 1 ? 1 : p->config->workers,
            p->config->workers == 1 ? "" : "s");
}

static void ceiling_value(struct out *o, const struct hl_roof_point *p) {
    switch (p->limit) {
    case HL_ROOF_MEMORY: put(o, "%.1f GB/s", p->mem_gbs); break;
    case HL_ROOF_LINK: put(o, "%.1f GB/s", p->link_gbs); break;
    case HL_ROOF_COMPUTE: put(o, "%.1f G/s", p->compute_gops); break;
    case HL_ROOF_NONE: break;
    }
}

/* What the other ceilings would allow, so the limit is seen to be the
 * lowest. */
static void others(struct out *o, const struct hl_intensity *in, const struct hl_roof_point *p) {
    if (p->limit != HL_ROOF_COMPUTE && p->compute_known)
        put(o, "; the int64-add ceiling (%.1f G/s) lies %.0fx higher", p->compute_gops,
            p->compute_gops * 1e9 / p->roof_ops_per_s);
    if (p->limit != HL_ROOF_MEMORY && p->mem_gbs > 0 && isfinite(p->mem_intensity)) {
        char g[32];
        put(o, "; its %s (%.1f GB/s) would allow %s %s/s", p->device ? "memory" : "copy ceiling",
            p->mem_gbs, giga(g, sizeof g, p->mem_gbs * 1e9 * p->mem_intensity), ops_word(in));
    }
    if (p->limit == HL_ROOF_COMPUTE && !isfinite(p->mem_intensity))
        put(o, "; it moves no memory, so no bandwidth can bound it");
}

/* The start-up floor, as a share of the run. */
static void startup(struct out *o, const struct hl_roof_point *p) {
    const struct hl_config_result *c = p->config;
    char f[32], m[32];
    if (!(p->floor_s > 0))
        return;
    hl_format_seconds(f, sizeof f, p->floor_s);
    hl_format_seconds(m, sizeof m, c->wall_s.median);
    const char *what = p->device                                    ? "Launching a kernel"
                       : hl_config_family(c) == HL_FAMILY_PROCESSES ? "Forking and reaping its"
                                                                    : "Starting and joining its";
    if (p->device)
        put(o, " %s takes %s (the median launch), %.0f%% of its %s run.", what, f,
            100 * p->floor_s / c->wall_s.median, m);
    else
        put(o, " %s %d %s takes at least %s, %.0f%% of its %s run.", what, c->workers,
            hl_config_family(c) == HL_FAMILY_PROCESSES ? (c->workers == 1 ? "process" : "processes")
                                                       : (c->workers == 1 ? "thread" : "threads"),
            f, 100 * p->floor_s / c->wall_s.median, m);
}

void hl_roofline_sentence(const struct hl_experiment_result *e, const struct hl_roof_point *p,
                          char *buf, size_t size) {
    struct out o = {buf, size, 0};
    buf[0] = '\0';
    const struct hl_intensity *in = &e->intensity;
    const struct hl_config_result *c = p->config;
    char g[32], at[64];
    if (p->limit == HL_ROOF_NONE && !p->startup_bound) {
        hl_roofline_intensity_sentence(e, buf, size);
        return;
    }
    if (p->startup_bound) {
        put(&o, "Start-up-bound: %s ran within 2x of its start-up floor.", c->label);
        startup(&o, p);
        if (p->limit == HL_ROOF_NONE)
            return;
        put(&o, " Against the ");
        ceiling_value(&o, p);
        put(&o, " %s it reached %.0f%%.", hl_roof_kind_name(p->limit, p->device),
            100 * p->fraction);
        return;
    }
    double bytes = p->limit == HL_ROOF_LINK ? in->link_bytes : in->mem_bytes;
    hl_roofline_intensity_text(in, bytes, at, sizeof at);
    switch (p->limit) {
    case HL_ROOF_MEMORY: put(&o, "Memory-bound: "); break;
    case HL_ROOF_COMPUTE: put(&o, "Compute-bound: "); break;
    case HL_ROOF_LINK: put(&o, "Bounded by the host-device link (PCIe on a GPU): "); break;
    case HL_ROOF_NONE: break;
    }
    put(&o, "%s reached %.0f%% of the ", c->label, 100 * p->fraction);
    ceiling_value(&o, p);
    put(&o, " %s", hl_roof_kind_name(p->limit, p->device));
    if (p->limit == HL_ROOF_LINK)
        put(&o, " (%s host memory, h2d and d2h at once)", c->transfer);
    else
        whose(&o, p);
    if (p->limit == HL_ROOF_COMPUTE)
        put(&o, ": %s %s/s", giga(g, sizeof g, p->ops_per_s), ops_word(in));
    else {
        char h[32];
        put(&o, ": %.1f GB/s, %s %s/s where the ceiling allows %s at %s",
            p->ops_per_s / p->intensity * 1e-9, giga(g, sizeof g, p->ops_per_s), ops_word(in),
            giga(h, sizeof h, p->roof_ops_per_s), at);
    }
    others(&o, in, p);
    put(&o, ".");
    if (p->fraction > 1.05) /* a ceiling is the fastest of a few probes: noise can undercut it */
        put(&o, " It ran above that measured ceiling: it is at the limit, and the probe measured "
                "the ceiling low (the machine's bandwidth moves between runs).");
    if (p->limit_assumed)
        put(&o,
            " No add ceiling was measured for these results; at %s, below one operation "
            "per byte, arithmetic is not the limit on any current CPU or GPU.",
            at);
    startup(&o, p);
}

void hl_roofline_intensity_sentence(const struct hl_experiment_result *e, char *buf, size_t size) {
    struct out o = {buf, size, 0};
    const struct hl_intensity *in = &e->intensity;
    char at[64];
    buf[0] = '\0';
    if (!hl_intensity_known(in)) {
        put(&o, "%s is not a roofline workload: it does no arithmetic to speak of.", e->workload);
        return;
    }
    hl_roofline_intensity_text(in, in->mem_bytes, at, sizeof at);
    if (in->mem_bytes > 0 && in->ops / in->mem_bytes < HL_BALANCE_FLOOR)
        put(&o,
            "By its intensity alone (%s of memory traffic, below one operation per byte) "
            "%s can only be memory-bound or start-up-bound on a CPU; no ceilings were "
            "measured for these results, so how close it came to either cannot be said.",
            at, e->workload);
    else if (in->mem_bytes > 0)
        put(&o,
            "Its intensity (%s) places %s where memory or arithmetic may limit it; no "
            "ceilings were measured for these results, so which one did cannot be said.",
            at, e->workload);
    else
        put(&o,
            "By its intensity alone (%g %s per element and no memory traffic) memory cannot "
            "bound %s: only arithmetic or start-up can. No add ceiling or start-up floor was "
            "measured for these results, so which one did, and how close it came, cannot be "
            "said.",
            in->ops, in->op, e->workload);
}
