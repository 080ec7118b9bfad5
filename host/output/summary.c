#include "output/summary.h"

#include <math.h>
#include <string.h>

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

void hl_summary_print(FILE *out, const struct hl_results *r) {
    for (size_t e = 0; e < r->nexperiments; e++) {
        const struct hl_experiment_result *x = &r->experiments[e];
        fprintf(out, "\n%s (", x->workload);
        print_params(out, x);
        int warmup, runs;
        hl_experiment_settings(r, x, &warmup, &runs);
        char how[96];
        fprintf(out, "; %s)\n", hl_format_runs(how, sizeof how, runs, warmup));
        /* One unit per column, in its heading: wall times share one so a
         * row reads across, CPU time has its own. */
        double lo, hi;
        time_range(x, wall_of, 3, &lo, &hi);
        struct hl_time_unit wall = hl_time_unit_for(lo, hi);
        time_range(x, cpu_of, 1, &lo, &hi);
        struct hl_time_unit cpu_unit = hl_time_unit_for(lo, hi);
        char h_med[24], h_min[24], h_max[24], h_cpu[24];
        snprintf(h_med, sizeof h_med, "median %s", wall.name);
        snprintf(h_min, sizeof h_min, "min %s", wall.name);
        snprintf(h_max, sizeof h_max, "max %s", wall.name);
        snprintf(h_cpu, sizeof h_cpu, "cpu %s", cpu_unit.name);
        fprintf(out, "%-24s %8s %12s %12s %12s %12s %8s  %s\n", "config", "tasks", h_med, h_min,
                h_max, h_cpu, "speedup", "verified");
        for (size_t c = 0; c < x->nconfigs; c++) {
            const struct hl_config_result *cf = &x->configs[c];
            if (cf->nruns == 0) {
                const char *note = cf->note != NULL ? cf->note : "no runs";
                int first = (int)strcspn(note, "\n");
                fprintf(out, "%-24s %8lld  %.*s%s\n", cf->label, (long long)cf->tasks, first, note,
                        note[first] != '\0' ? " (details below)" : "");
                continue;
            }
            char speedup[16] = "-";
            if (!isnan(cf->speedup))
                snprintf(speedup, sizeof speedup, "%.2fx", cf->speedup);
            char med[24], min[24], max[24], cpu[24];
            fprintf(out, "%-24s %8lld %12s %12s %12s %12s %8s  %s\n", cf->label,
                    (long long)cf->tasks,
                    hl_format_in_unit(med, sizeof med, cf->wall_s.median, wall),
                    hl_format_in_unit(min, sizeof min, cf->wall_s.min, wall),
                    hl_format_in_unit(max, sizeof max, cf->wall_s.max, wall),
                    hl_format_in_unit(cpu, sizeof cpu, cf->cpu_s.median, cpu_unit), speedup,
                    cf->verified ? "yes" : "NO");
        }
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
    }
}
