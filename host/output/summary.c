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

void hl_summary_print(FILE *out, const struct hl_results *r) {
    for (size_t e = 0; e < r->nexperiments; e++) {
        const struct hl_experiment_result *x = &r->experiments[e];
        fprintf(out, "\n%s (", x->workload);
        print_params(out, x);
        int warmup, runs;
        hl_experiment_settings(r, x, &warmup, &runs);
        fprintf(out, "; %d counted runs after %d warm-up)\n", runs, warmup);
        fprintf(out, "%-24s %8s %12s %12s %12s %12s %8s  %s\n", "config", "tasks", "median", "min",
                "max", "cpu", "speedup", "verified");
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
                    (long long)cf->tasks, hl_format_seconds(med, sizeof med, cf->wall_s.median),
                    hl_format_seconds(min, sizeof min, cf->wall_s.min),
                    hl_format_seconds(max, sizeof max, cf->wall_s.max),
                    hl_format_seconds(cpu, sizeof cpu, cf->cpu_s.median), speedup,
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
