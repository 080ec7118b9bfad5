#include "model/roofline.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/backend_traits.h"

bool hl_roofline_wanted(const struct hl_experiment_result *e) {
    if (!hl_intensity_known(&e->intensity) || !(e->elements > 0))
        return false;
    for (size_t i = 0; i < e->nconfigs; i++) {
        if (e->configs[i].verified && e->configs[i].nruns > 0)
            return true;
    }
    return false;
}

bool hl_roofline_device_index(const char *label, char *buf, size_t size) {
    const char *colon = label != NULL ? strchr(label, ':') : NULL;
    if (colon == NULL || size == 0)
        return false;
    size_t n = strcspn(colon + 1, "/");
    if (n == 0 || n >= size || strchr(colon + 1, ':') == NULL)
        return false;
    memcpy(buf, colon + 1, n);
    buf[n] = '\0';
    return true;
}

double hl_roofline_link_gbs(const struct hl_device_ceilings *d, const char *transfer) {
    double h2d = 0, d2h = 0;
    if (transfer != NULL && strcmp(transfer, "pinned") == 0) {
        h2d = d->h2d_pinned_gbs;
        d2h = d->d2h_pinned_gbs;
    } else if (transfer != NULL && strcmp(transfer, "pageable") == 0) {
        h2d = d->h2d_pageable_gbs;
        d2h = d->d2h_pageable_gbs;
    }
    if (!(h2d > 0 && d2h > 0))
        return 0;
    return 2 * (h2d < d2h ? h2d : d2h);
}

const char *hl_roof_kind_name(enum hl_roof_kind k, bool device) {
    switch (k) {
    case HL_ROOF_MEMORY: return device ? "memory ceiling" : "copy ceiling";
    case HL_ROOF_COMPUTE: return "int64-add ceiling";
    case HL_ROOF_LINK: return "link ceiling";
    case HL_ROOF_NONE: break;
    }
    return "no ceiling";
}

/* Operations per byte: INFINITY without bytes. */
static double per_byte(double ops, double bytes) {
    return bytes > 0 ? ops / bytes : INFINITY;
}

/* The CPU's ceilings for W workers; the old copy limit where the ceilings
 * were not measured. */
static void cpu_ceilings(const struct hl_results *r, int w, struct hl_roof_point *p) {
    const struct hl_ceilings *c = &r->ceilings;
    p->mem_gbs = hl_ceilings_cpu_copy(c, w);
    p->compute_gops = hl_ceilings_cpu_add(c, w);
    p->compute_known = p->compute_gops > 0;
    for (int k = w < HL_COPY_MAX_THREADS ? w : HL_COPY_MAX_THREADS; !(p->mem_gbs > 0) && k >= 1;
         k--)
        p->mem_gbs = r->copy.gbs[k]; /* more threads than measured: the most measured */
    if (!c->measured)
        p->floor_s = NAN;
    else if (hl_config_is_baseline(p->config))
        p->floor_s = 0;
    else
        p->floor_s = hl_ceilings_floor(c, w, hl_config_family(p->config) == HL_FAMILY_THREADS);
}

static void device_ceilings(const struct hl_results *r, struct hl_roof_point *p) {
    const struct hl_config_result *c = p->config;
    p->device = true;
    p->floor_s = NAN;
    if (!hl_roofline_device_index(c->label, p->device_index, sizeof p->device_index))
        return;
    const struct hl_device_ceilings *d = hl_ceilings_device(&r->ceilings, p->device_index);
    if (d == NULL)
        return;
    p->mem_gbs = d->mem_gbs;
    p->compute_gops = d->add_gops;
    p->compute_known = d->add_gops > 0;
    p->link_gbs = hl_roofline_link_gbs(d, c->transfer);
    p->floor_s = d->launch_s;
}

/* The lowest known ceiling at the point's intensities. */
static void find_limit(struct hl_roof_point *p) {
    double best = INFINITY;
    if (p->mem_gbs > 0 && isfinite(p->mem_intensity)) {
        best = p->mem_gbs * 1e9 * p->mem_intensity;
        p->limit = HL_ROOF_MEMORY;
        p->intensity = p->mem_intensity;
    }
    if (p->link_gbs > 0 && isfinite(p->link_intensity) &&
        p->link_gbs * 1e9 * p->link_intensity < best) {
        best = p->link_gbs * 1e9 * p->link_intensity;
        p->limit = HL_ROOF_LINK;
        p->intensity = p->link_intensity;
    }
    if (p->compute_known && p->compute_gops * 1e9 < best) {
        best = p->compute_gops * 1e9;
        p->limit = HL_ROOF_COMPUTE;
        p->intensity = isfinite(p->mem_intensity) ? p->mem_intensity : INFINITY;
    }
    /* Without a compute ceiling a memory (or link) limit holds only where
     * the intensity alone makes arithmetic the larger rate; an unknown
     * compute ceiling with no byte traffic leaves nothing known. */
    if (!p->compute_known && p->limit != HL_ROOF_NONE) {
        if (p->intensity < HL_BALANCE_FLOOR)
            p->limit_assumed = true;
        else
            p->limit = HL_ROOF_NONE;
    }
    if (p->limit == HL_ROOF_NONE) {
        p->intensity = isfinite(p->mem_intensity) ? p->mem_intensity : INFINITY;
        return;
    }
    p->roof_ops_per_s = best;
    p->fraction = p->ops_per_s / best;
}

void hl_roofline_place(const struct hl_results *r, const struct hl_experiment_result *e,
                       const struct hl_config_result *c, struct hl_roof_point *p) {
    memset(p, 0, sizeof *p);
    p->config = c;
    p->fraction = NAN;
    p->floor_s = NAN;
    const struct hl_intensity *in = &e->intensity;
    if (!hl_intensity_known(in) || !(e->elements > 0) || !c->verified || c->nruns == 0 ||
        !(c->wall_s.median > 0))
        return;
    enum hl_backend_family family = hl_config_family(c);
    if (family != HL_FAMILY_SERIAL && family != HL_FAMILY_THREADS &&
        family != HL_FAMILY_PROCESSES && family != HL_FAMILY_DEVICE)
        return;
    p->placed = true;
    p->ops_per_s = e->elements * in->ops / c->wall_s.median;
    p->mem_intensity = per_byte(in->ops, in->mem_bytes);
    if (family == HL_FAMILY_DEVICE) {
        device_ceilings(r, p);
        p->link_intensity = p->link_gbs > 0 ? per_byte(in->ops, in->link_bytes) : 0;
    } else {
        cpu_ceilings(r, c->workers < 1 ? 1 : c->workers, p);
    }
    find_limit(p);
    p->startup_bound = p->floor_s > 0 && p->floor_s >= HL_STARTUP_NEAR * c->wall_s.median;
}
