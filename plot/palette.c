#include "plot/palette.h"

#include <string.h>

#include "model/timeline.h"

#define RGB(hex)                                                                                   \
    { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex)&0xff) / 255.0 }

const struct hl_plot_rgb hl_plot_white = RGB(0xffffff), hl_plot_ink = RGB(0x1a1a1a),
                         hl_plot_muted = RGB(0x666666), hl_plot_grid = RGB(0xe3e3e3),
                         hl_plot_axis = RGB(0x4d4d4d), hl_plot_lane_bg = RGB(0xf4f4f4),
                         hl_plot_failed = RGB(0xe41a1c), hl_plot_failed_edge = RGB(0x7a0000),
                         hl_plot_not_run = RGB(0x9a9a9a);

/* Okabe-Ito without its vermillion (too close to the failure red) and
 * black (phase bands are dark), then Tol's indigo, olive and teal and a
 * brown: distinguishable with the common color-vision deficiencies. */
static const struct hl_plot_rgb worker_colors[HL_PLOT_NWORKER_COLORS] = {
    RGB(0x0072b2), RGB(0xe69f00), RGB(0x009e73), RGB(0x56b4e9), RGB(0xcc79a7),
    RGB(0xf0e442), RGB(0x332288), RGB(0x999933), RGB(0x44aa99), RGB(0x996633),
};

struct hl_plot_rgb hl_plot_worker_color(int worker) {
    if (worker < 0)
        return hl_plot_not_run;
    return worker_colors[worker % HL_PLOT_NWORKER_COLORS];
}

struct hl_plot_rgb hl_plot_phase_color(int kind) {
    static const struct hl_plot_rgb tones[HL_PHASE_COUNT] = {
        [HL_PHASE_H2D] = RGB(0xd4d4d4),    [HL_PHASE_KERNEL] = RGB(0x1f1f1f),
        [HL_PHASE_D2H] = RGB(0x7a7a7a),    [HL_PHASE_CONNECT] = RGB(0x7a7a7a),
        [HL_PHASE_WAIT] = RGB(0xffffff),   [HL_PHASE_TRANSFER] = RGB(0x1f1f1f),
        [HL_PHASE_MAP] = RGB(0xa8a8a8),    [HL_PHASE_SCATTER] = RGB(0xd4d4d4),
        [HL_PHASE_GATHER] = RGB(0x7a7a7a),
    };
    if (kind < 0 || kind >= HL_PHASE_COUNT)
        return hl_plot_not_run;
    return tones[kind];
}

struct hl_plot_rgb hl_plot_backend_color(const char *backend) {
    static const struct {
        const char *name;
        struct hl_plot_rgb color;
    } known[] = {
        {"serial", RGB(0x7f7f7f)}, {"pthread", RGB(0x0072b2)},    {"fork", RGB(0xe69f00)},
        {"opencl", RGB(0x009e73)}, {"curl-multi", RGB(0xcc79a7)},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (strcmp(known[i].name, backend) == 0)
            return known[i].color;
    }
    /* A backend added later still gets a stable color from its name. */
    unsigned h = 5381;
    for (const char *p = backend; *p != '\0'; p++)
        h = h * 33u + (unsigned char)*p;
    return worker_colors[6 + h % 4];
}

struct hl_plot_rgb hl_plot_mix(struct hl_plot_rgb a, struct hl_plot_rgb b, double t) {
    return (struct hl_plot_rgb){a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t,
                                a.b + (b.b - a.b) * t};
}

void hl_plot_set_rgb(cairo_t *cr, struct hl_plot_rgb c) {
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

void hl_plot_set_rgba(cairo_t *cr, struct hl_plot_rgb c, double alpha) {
    cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}
