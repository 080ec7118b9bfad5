/* The scaling chart's labels never overlap: over thousands of generated
 * experiments (backends at random worker counts, times and spreads, with
 * and without intervals, on 2 to 64 cores) and every experiment of the
 * saved demos in tests/data, every label is placed inside the plot, no two
 * label boxes intersect, and none covers a dot. On the saved demos no
 * label crosses a line either. Also the geometry the layout relies on:
 * rectangle and segment intersection. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "output/results_io.h"
#include "plot/labels.h"
#include "plot/scaling.h"
#include "plot_fixture.h"

static uint64_t rng = 0x2545f4914f6cdd1dull;

static double uniform(void) {
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (double)((rng * 0x2545f4914f6cdd1dull) >> 11) / 9007199254740992.0;
}

static long layouts, labels_seen, crossing;

/* Checks one laid-out chart; `strict`: no label may cross a line. */
static void check_layout(const struct hl_plot_scaling *sc, const char *what, bool strict) {
    layouts++;
    for (size_t i = 0; i < sc->nlabels; i++) {
        const struct hl_plot_label *a = &sc->labels[i];
        labels_seen++;
        CHECKF(a->placed, "%s: label '%s' found no place", what, sc->label_text[i]);
        if (!a->placed)
            continue;
        crossing += a->crosses;
        CHECKF(!strict || !a->crosses, "%s: label '%s' crosses a line", what, sc->label_text[i]);
        CHECKF(a->box.x >= sc->plot.x && a->box.y >= sc->plot.y &&
                   a->box.x + a->box.w <= sc->plot.x + sc->plot.w &&
                   a->box.y + a->box.h <= sc->plot.y + sc->plot.h,
               "%s: label '%s' leaves the plot", what, sc->label_text[i]);
        for (size_t j = 0; j < i; j++) {
            if (sc->labels[j].placed)
                CHECKF(!hl_plot_rects_intersect(a->box, sc->labels[j].box),
                       "%s: labels '%s' and '%s' intersect", what, sc->label_text[i],
                       sc->label_text[j]);
        }
        for (size_t c = 0; c < sc->exp->nconfigs; c++) {
            if (isnan(sc->xs[c]))
                continue;
            struct hl_plot_rect dot = {sc->xs[c] - 5.5, sc->ys[c] - 5.5, 11, 11};
            CHECKF(!hl_plot_rects_intersect(a->box, dot), "%s: label '%s' covers the dot of %s",
                   what, sc->label_text[i], sc->exp->configs[c].label);
        }
    }
}

static void test_geometry(void) {
    struct hl_plot_rect r = {10, 10, 20, 10};
    CHECK(hl_plot_rects_intersect(r, (struct hl_plot_rect){25, 15, 10, 10}));
    CHECK(!hl_plot_rects_intersect(r, (struct hl_plot_rect){30, 10, 5, 5})); /* edges touch */
    CHECK(hl_plot_segment_hits_rect((struct hl_plot_segment){0, 0, 40, 30}, r));
    CHECK(!hl_plot_segment_hits_rect((struct hl_plot_segment){0, 0, 40, 0}, r));
    CHECK(hl_plot_segment_hits_rect((struct hl_plot_segment){15, 0, 15, 40}, r)); /* vertical */
    CHECK(!hl_plot_segment_hits_rect((struct hl_plot_segment){0, 0, 9, 40}, r));
    /* Two labels at one point: the second goes elsewhere. */
    struct hl_plot_label l[2] = {{.ax = 100, .ay = 100, .w = 60, .h = 12},
                                 {.ax = 100, .ay = 100, .w = 60, .h = 12}};
    struct hl_plot_obstacles none = {0};
    hl_plot_labels_place(l, 2, &none, (struct hl_plot_rect){0, 0, 400, 400}, 8);
    CHECK(l[0].placed && l[1].placed && !hl_plot_rects_intersect(l[0].box, l[1].box));
    CHECK(l[0].box.x == 108 && !l[0].leader); /* right of its point first */
}

/* A random experiment: a serial run and series at random worker counts. */
static void generated(int sets) {
    static const int ws[] = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64};
    static const char *const backends[] = {"pthread", "fork", "opencl", "curl-multi"};
    for (int s = 0; s < sets; s++) {
        struct hl_results r;
        struct hl_experiment_result *e = fixture_begin(&r, s % 2 ? "sum" : "square");
        r.cores = (int)(2 + uniform() * 62);
        double serial = 0.001 * exp(4 * uniform()), walls[12];
        size_t nruns = uniform() < 0.5 ? 1 + (size_t)(uniform() * 11) : 3;
        for (size_t k = 0; k < nruns; k++)
            walls[k] = serial * (1 + 0.3 * uniform());
        if (uniform() < 0.9)
            fixture_config(e, "serial", "serial", 1, 4, MS, MS / 2, nruns, walls);
        int nseries = 1 + (int)(uniform() * 4);
        for (int b = 0; b < nseries; b++) {
            for (size_t k = 0; k < sizeof ws / sizeof ws[0]; k++) {
                if (uniform() < 0.55)
                    continue;
                char label[32];
                snprintf(label, sizeof label, "%s:%d", backends[b], ws[k]);
                double eff = 0.2 + uniform(), spread = uniform() < 0.3 ? 2 * uniform() : 0.1;
                for (size_t i = 0; i < nruns; i++)
                    walls[i] = serial / (ws[k] * eff) * (1 + spread * uniform());
                fixture_config(e, label, backends[b], ws[k], 4, MS, MS / 2, nruns, walls);
            }
        }
        fixture_finish(e);
        for (size_t c = 0; c < e->nconfigs; c++)
            e->configs[c].noise.known = uniform() < 0.7; /* older files have no noise */
        struct hl_plot_scaling sc;
        struct hl_error err = {0};
        REQUIRE(hl_plot_scaling_layout(&sc, &r, e, hl_plot_style_default(), &err) == 0);
        char what[64];
        snprintf(what, sizeof what, "generated set %d", s);
        check_layout(&sc, what, false);
        hl_plot_scaling_free(&sc);
        hl_results_free(&r);
    }
}

/* Every experiment of a saved demo: no label crosses a line there. */
static void saved(const char *path) {
    struct hl_results r;
    struct hl_error err = {0};
    REQUIRE(hl_results_read_json(path, &r, &err) == 0);
    for (size_t i = 0; i < r.nexperiments; i++) {
        struct hl_plot_scaling sc;
        REQUIRE(hl_plot_scaling_layout(&sc, &r, &r.experiments[i], hl_plot_style_default(), &err) ==
                0);
        char what[600];
        snprintf(what, sizeof what, "%s %s", path, r.experiments[i].workload);
        check_layout(&sc, what, true);
        hl_plot_scaling_free(&sc);
    }
    hl_results_free(&r);
}

int main(int argc, char **argv) {
    REQUIRE(argc >= 2); /* result files of saved demos */
    test_geometry();
    generated(1500);
    for (int i = 1; i < argc; i++)
        saved(argv[i]);
    printf("test_plot_labels: %ld charts, %ld labels, %ld placed over a line as the last resort\n",
           layouts, labels_seen, crossing);
    cairo_debug_reset_static_data();
    return check_finish("test_plot_labels");
}
