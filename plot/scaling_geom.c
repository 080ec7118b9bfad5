/* The scaling chart's geometry, shared by its layout (scaling.c), its
 * labels (scaling_labels.c) and its drawing (scaling_draw.c): where a
 * worker count and a time fall, which configs make a series and in which
 * color, and the ideal as a path. */
#include <math.h>
#include <string.h>

#include "model/backend_traits.h"
#include "plot/scaling.h"

/* Series are lines of configs sharing a backend and device. */
static bool same_series(const struct hl_config_result *a, const struct hl_config_result *b) {
    return strcmp(a->backend, b->backend) == 0 &&
           ((a->device == NULL && b->device == NULL) ||
            (a->device != NULL && b->device != NULL && strcmp(a->device, b->device) == 0));
}

size_t hl_plot_scaling_series_head(const struct hl_experiment_result *e, size_t c) {
    for (size_t i = 0; i < c; i++) {
        if (e->configs[i].nruns > 0 && same_series(&e->configs[i], &e->configs[c]))
            return i;
    }
    return c;
}

bool hl_plot_scaling_is_reference(const struct hl_config_result *c) {
    return c->nruns > 0 && (hl_config_on_device(c) || hl_config_family(c) == HL_FAMILY_JOIN);
}

double hl_plot_scaling_reference_x(const struct hl_plot_scaling *sc) {
    return sc->plot.x + sc->plot.w - 8;
}

bool hl_plot_scaling_is_head(const struct hl_experiment_result *e, size_t c) {
    return e->configs[c].nruns > 0 && hl_plot_scaling_series_head(e, c) == c;
}

/* Series sharing a backend (several devices) get lighter shades. */
struct hl_plot_rgb hl_plot_scaling_color(const struct hl_experiment_result *e, size_t head) {
    int shade = 0;
    for (size_t i = 0; i < head; i++)
        shade += hl_plot_scaling_is_head(e, i) &&
                 strcmp(e->configs[i].backend, e->configs[head].backend) == 0;
    return hl_plot_mix(hl_plot_backend_color(e->configs[head].backend), hl_plot_white,
                       0.3 * (shade % 3));
}

double hl_plot_scaling_ideal(const struct hl_plot_scaling *sc, int workers) {
    return hl_ideal_at(&sc->ideal, workers);
}

double hl_plot_scaling_x(const struct hl_plot_scaling *sc, double workers) {
    return sc->plot.x + (log2(workers) - sc->lo) / (sc->hi - sc->lo) * sc->plot.w;
}

double hl_plot_scaling_y(const struct hl_plot_scaling *sc, double s) {
    return sc->plot.y + sc->plot.h - hl_plot_value_pos(&sc->axis, s) * sc->plot.h;
}

size_t hl_plot_scaling_ideal_path(const struct hl_plot_scaling *sc, double (*pts)[2], size_t room) {
    const struct hl_ideal *id = &sc->ideal;
    size_t n = 0;
    if (id->kind == HL_IDEAL_SERIAL) {
        /* serial / W is straight on log-log axes; flat past the cores. */
        double ws[3] = {sc->min_w, sc->max_w, sc->max_w};
        if (id->cores > sc->min_w && id->cores < sc->max_w)
            ws[1] = id->cores;
        for (int i = 0; i < 3 && n < room; i++) {
            pts[n][0] = hl_plot_scaling_x(sc, ws[i]);
            pts[n][1] = hl_plot_scaling_y(sc, hl_ideal_at(id, ws[i]));
            n++;
        }
    } else if (id->kind == HL_IDEAL_LATENCY) {
        /* ceil(T / W) x latency is a staircase, flat between worker counts. */
        for (int w = sc->min_w; w <= sc->max_w && n + 2 <= room; w++) {
            double y = hl_plot_scaling_y(sc, hl_ideal_at(id, w));
            pts[n][0] = hl_plot_scaling_x(sc, w);
            pts[n++][1] = y;
            pts[n][0] = hl_plot_scaling_x(sc, w < sc->max_w ? w + 1 : w);
            pts[n++][1] = y;
        }
    }
    return n;
}
