#include "output/summary.h"
#include "output/summary_coexec.h"

#include <math.h>
#include <string.h>

#include "model/noise.h"
#include "util/text.h"

static void print_params(FILE *out, const struct hl_experiment_result *e) {
    for (size_t i = 0; i < e->nparams; i++) {
        const struct hl_param *p = &e->params[i];
        fprintf(out, "%s%s = ", i == 0 ? "" : ", ", p->key);
        if (p->type == HL_PARAM_INT)
            fprintf(out, "%lld", (long long)p->i);
        else if (p->type == HL_PARAM_REAL)
            fprintf(out, "%g", p->r);
        else
            fprintf(out, "%s", p->text);
    }
}

/* The smallest and largest of the times `pick` gives of every config that
 * ran, NAN ones left out. */
static void time_range(const struct hl_experiment_result *x,
                       double (*pick)(const struct hl_config_result *, int), int count, double *lo,
                       double *hi) {
    *lo = NAN;
    *hi = NAN;
    for (size_t c = 0; c < x->nconfigs; c++) {
        if (x->configs[c].nruns == 0)
            continue;
        for (int k = 0; k < count; k++) {
            double v = pick(&x->configs[c], k);
            if (isnan(v))
                continue;
            *lo = isnan(*lo) || v < *lo ? v : *lo;
            *hi = isnan(*hi) || v > *hi ? v : *hi;
        }
    }
}

static double wall_of(const struct hl_config_result *c, int k) {
    return k == 0 ? c->wall_s.min : k == 1 ? c->wall_s.median : c->wall_s.max;
}

static double cpu_of(const struct hl_config_result *c, int k) {
    (void)k;
    return c->cpu_s.median;
}

/* "+-3.1%" for the median's interval, "-" for a single run. */
static const char *interval_text(const struct hl_config_result *c, const struct hl_noise *n,
                                 char *buf, size_t size) {
    double half = hl_interval_half_width(n->median_ci, c->wall_s.median);
    if (c->nruns < 2 || isnan(half))
        snprintf(buf, size, "-");
    else if (n->median_ci.level < HL_NOISE_CONFIDENCE - 1e-9) /* min..max of a few runs */
        snprintf(buf, size, "+-%.1f%% @%.0f%%", half * 100, n->median_ci.level * 100);
    else
        snprintf(buf, size, "+-%.1f%%", half * 100);
    return buf;
}

/* The units of a table's columns: wall times share one so a row reads
 * across, CPU time has its own. */
struct units {
    struct hl_time_unit wall, cpu;
    int label_width; /* the config column: 24, or the longest label (a join's) */
};

static void print_config(FILE *out, const struct hl_config_result *cf, const struct units *u) {
    if (cf->nruns == 0) {
        const char *note = cf->note != NULL ? cf->note : "no runs";
        int first = (int)strcspn(note, "\n");
        fprintf(out, "%-*s %8lld  %.*s%s\n", u->label_width, cf->label, (long long)cf->tasks, first,
                note, note[first] != '\0' ? " (details below)" : "");
        return;
    }
    struct hl_noise n = hl_config_noise(cf);
    char speedup[16] = "-";
    if (!isnan(cf->speedup))
        snprintf(speedup, sizeof speedup, "%.2fx", cf->speedup);
    char med[24], min[24], max[24], cpu[24], ci[24];
    fprintf(out, "%-*s %8lld %5zu %12s %14s %12s %12s %12s %8s  %-8s %s\n", u->label_width,
            cf->label, (long long)cf->tasks, cf->nruns,
            hl_format_in_unit(med, sizeof med, cf->wall_s.median, u->wall),
            interval_text(cf, &n, ci, sizeof ci),
            hl_format_in_unit(min, sizeof min, cf->wall_s.min, u->wall),
            hl_format_in_unit(max, sizeof max, cf->wall_s.max, u->wall),
            hl_format_in_unit(cpu, sizeof cpu, cf->cpu_s.median, u->cpu), speedup,
            cf->verified ? "yes" : "NO", n.flagged ? "NOISY" : "");
}

/* Below the table: notes, failed runs, and what each flag means. */
static void print_details(FILE *out, const struct hl_experiment_result *x) {
    for (size_t c = 0; c < x->nconfigs; c++) {
        const struct hl_config_result *cf = &x->configs[c];
        if (cf->note != NULL && strchr(cf->note, '\n') != NULL)
            hl_print_lines(out, "  ", "    ", cf->note);
        else if (cf->note != NULL && cf->nruns > 0) /* a failed warm-up */
            fprintf(out, "  %s: %s\n", cf->label, cf->note);
        for (size_t i = 0; i < cf->nruns; i++) {
            if (cf->runs[i].error != NULL)
                fprintf(out, "  %s run %zu: %s\n", cf->label, i, cf->runs[i].error);
        }
    }
    for (size_t c = 0; c < x->nconfigs; c++) {
        const struct hl_config_result *cf = &x->configs[c];
        struct hl_noise n = hl_config_noise(cf);
        char why[160];
        hl_noise_flag_text(&n, why, sizeof why);
        if (cf->nruns > 0 && n.flagged)
            fprintf(out,
                    "  %s is NOISY: %s; its median is uncertain: a win or loss against it "
                    "holds only where all its runs clear the other's\n",
                    cf->label, why);
    }
}

void hl_summary_print(FILE *out, const struct hl_results *r) {
    for (size_t e = 0; e < r->nexperiments; e++) {
        const struct hl_experiment_result *x = &r->experiments[e];
        fprintf(out, "\n%s (", x->workload);
        print_params(out, x);
        char runs[256];
        hl_runs_text(r, x, runs, sizeof runs);
        fprintf(out, "; %s)\n", runs);
        /* One unit per column, in its heading. */
        struct units u;
        double lo, hi;
        time_range(x, wall_of, 3, &lo, &hi);
        u.wall = hl_time_unit_for(lo, hi);
        time_range(x, cpu_of, 1, &lo, &hi);
        u.cpu = hl_time_unit_for(lo, hi);
        char h_med[24], h_min[24], h_max[24], h_cpu[24];
        snprintf(h_med, sizeof h_med, "median %s", u.wall.name);
        snprintf(h_min, sizeof h_min, "min %s", u.wall.name);
        snprintf(h_max, sizeof h_max, "max %s", u.wall.name);
        snprintf(h_cpu, sizeof h_cpu, "cpu %s", u.cpu.name);
        u.label_width = 24;
        for (size_t c = 0; c < x->nconfigs; c++) {
            int len = (int)strlen(x->configs[c].label);
            u.label_width = len > u.label_width ? len : u.label_width;
        }
        fprintf(out, "%-*s %8s %5s %12s %14s %12s %12s %12s %8s  %-8s %s\n", u.label_width,
                "config", "tasks", "runs", h_med, "median CI", h_min, h_max, h_cpu, "speedup",
                "verified", "noise");
        for (size_t c = 0; c < x->nconfigs; c++)
            print_config(out, &x->configs[c], &u);
        print_details(out, x);
        hl_summary_coexec(out, x, &r->ceilings);
    }
}
