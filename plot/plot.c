/* Every chart of a results model, named predictably (docs/charts.md). */
#include "plot/plot.h"

#include <stdio.h>
#include <string.h>

#include "model/results_names.h"
#include "plot/compare.h"
#include "plot/compare_sets.h"
#include "plot/overview.h"
#include "plot/roofline.h"
#include "plot/scaling.h"
#include "plot/surface.h"
#include "plot/timeline.h"
#include "util/interrupt.h"

bool hl_plot_available(void) {
    return true;
}

struct saver {
    const char *dir;
    enum hl_plot_format fmt;
    size_t written;
    int rc;
    struct hl_error *err;
};

static void save(struct saver *sv, const char *base, const struct hl_plot_chart *chart) {
    if (hl_interrupted()) { /* Ctrl-C: no further chart is started */
        sv->rc = hl_error_set(sv->err, HL_ERR_RUNTIME, "%s: interrupted", sv->dir);
        return;
    }
    char name[300];
    snprintf(name, sizeof name, "%s.%s", base, hl_plot_format_ext(sv->fmt));
    if (hl_plot_write(sv->dir, name, sv->fmt, chart, sv->err) != 0)
        sv->rc = -1;
    else
        sv->written++;
}

static void save_timelines(struct saver *sv, const struct hl_results *r,
                           const struct hl_experiment_result *e, const char *prefix) {
    const struct hl_plot_style *st = hl_plot_style_default();
    for (size_t c = 0; c < e->nconfigs; c++) {
        if (e->configs[c].nruns == 0)
            continue;
        char part[140], base[300];
        hl_results_config_part(e, c, part, sizeof part);
        snprintf(base, sizeof base, "%s-timeline-%s", prefix, part);
        struct hl_plot_timeline tl;
        if (hl_plot_timeline_layout(&tl, r, e, &e->configs[c], st, sv->err) != 0) {
            sv->rc = -1;
            continue;
        }
        struct hl_plot_chart chart = hl_plot_timeline_chart(&tl);
        save(sv, base, &chart);
    }
}

static void save_experiment(struct saver *sv, const struct hl_results *r,
                            const struct hl_experiment_result *e, const char *prefix) {
    const struct hl_plot_style *st = hl_plot_style_default();
    char base[300];
    struct hl_plot_overview ov;
    if (hl_plot_overview_layout(&ov, r, e, st, sv->err) == 0) {
        struct hl_plot_chart chart = hl_plot_overview_chart(&ov);
        snprintf(base, sizeof base, "%s-overview", prefix);
        save(sv, base, &chart);
    } else {
        sv->rc = -1;
    }
    hl_plot_overview_free(&ov);

    struct hl_plot_compare cp;
    if (hl_plot_compare_layout(&cp, r, e, st, sv->err) == 0) {
        struct hl_plot_chart chart = hl_plot_compare_chart(&cp);
        snprintf(base, sizeof base, "%s-compare", prefix);
        save(sv, base, &chart);
    } else {
        sv->rc = -1;
    }

    struct hl_plot_scaling sc;
    if (hl_plot_scaling_layout(&sc, r, e, st, sv->err) == 0) {
        struct hl_plot_chart chart = hl_plot_scaling_chart(&sc);
        snprintf(base, sizeof base, "%s-scaling", prefix);
        save(sv, base, &chart);
    } else {
        sv->rc = -1;
    }
    hl_plot_scaling_free(&sc);
    if (hl_roofline_wanted(e)) {
        struct hl_plot_roofline rf;
        if (hl_plot_roofline_layout(&rf, r, e, st, sv->err) == 0) {
            struct hl_plot_chart chart = hl_plot_roofline_chart(&rf);
            snprintf(base, sizeof base, "%s-roofline", prefix);
            save(sv, base, &chart);
        } else {
            sv->rc = -1;
        }
        hl_plot_roofline_free(&rf);
    }
    save_timelines(sv, r, e, prefix);
}

int hl_plot_save_all(const char *dir, const struct hl_results *r, enum hl_plot_format fmt,
                     size_t *written, struct hl_error *err) {
    struct saver sv = {dir, fmt, 0, 0, err};
    for (size_t i = 0; i < r->nexperiments && !hl_interrupted(); i++) {
        /* A workload that appears twice gets "-2" on its second set. */
        char prefix[140];
        hl_results_experiment_prefix(r, i, prefix, sizeof prefix);
        save_experiment(&sv, r, &r->experiments[i], prefix);
    }
    if (written != NULL)
        *written = sv.written;
    return sv.rc;
}

int hl_plot_save_compare(const char *dir, const struct hl_pairing *p, const char *name_a,
                         const struct hl_results *a, const char *name_b, const struct hl_results *b,
                         enum hl_plot_format fmt, size_t *written, struct hl_error *err) {
    struct saver sv = {dir, fmt, 0, 0, err};
    char host_a[200], host_b[200];
    hl_plot_host_text(a, host_a, sizeof host_a);
    hl_plot_host_text(b, host_b, sizeof host_b);
    for (size_t i = 0; i < p->n && !hl_interrupted(); i++) {
        struct hl_plot_compare_sets cs;
        if (hl_plot_compare_sets_layout(&cs, &p->items[i], name_a, host_a, name_b, host_b,
                                        hl_plot_style_default(), err) != 0) {
            sv.rc = -1;
            continue;
        }
        char base[300];
        snprintf(base, sizeof base, "%s-compare-sets", p->items[i].prefix);
        struct hl_plot_chart chart = hl_plot_compare_sets_chart(&cs);
        save(&sv, base, &chart);
    }
    if (written != NULL)
        *written = sv.written;
    return sv.rc;
}
