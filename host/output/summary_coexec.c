#include "output/summary_coexec.h"

#include <math.h>

#include "model/coexec.h"
#include "model/results_pick.h"

void hl_summary_coexec(FILE *out, const struct hl_experiment_result *x,
                       const struct hl_ceilings *ceilings) {
    for (size_t i = 0; i < x->nconfigs; i++) {
        const struct hl_config_result *c = &x->configs[i];
        if (c->coexec == NULL || c->nruns == 0)
            continue;
        size_t m = 0;
        if (hl_results_median_run(c, &m) != 0)
            m = 0;
        struct hl_coexec_run st;
        hl_coexec_run_stats(c->coexec, &c->runs[m], &st);
        fprintf(out, "  co-execution %s (median run):", c->label);
        for (size_t p = 0; p < c->coexec->nparts; p++)
            fprintf(out, "%s %s %.1f%% (%lld chunks)", p > 0 ? "," : "", c->coexec->parts[p].label,
                    st.share[p] * 100, (long long)st.chunks[p]);
        if (isnan(st.balance))
            fprintf(out, "; balance -: %d participant took work", st.working);
        else
            fprintf(out, "; balance %.2f", st.balance);
        struct hl_coexec_eff eff;
        if (hl_coexec_efficiency(x, c, ceilings, &eff) == 0) {
            if (eff.alone_known)
                fprintf(out, "; %.2fx the fastest alone (%s); efficiency %.2f (sum of speeds)",
                        eff.gain, eff.alone[eff.fastest]->label, eff.efficiency);
            else
                fprintf(out, "; not run alone here: %s", eff.missing);
            if (eff.bound_known)
                fprintf(out, ", %.2f of the shared-resource bound", eff.bound_efficiency);
        }
        fputc('\n', out);
    }
}
