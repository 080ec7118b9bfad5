#include <stdio.h>
#include <string.h>

#include "output/results_io.h"
#include "util/interrupt.h"
#include "util/utf8.h"

/* RFC 4180: quote a field when it holds a comma, quote or newline. The
 * file is UTF-8 like results.json: bytes that are not become U+FFFD. */
static void csv_field(FILE *out, const char *s) {
    if (s == NULL)
        return;
    bool quote = strpbrk(s, ",\"\n\r") != NULL;
    if (!quote) {
        hl_utf8_fputs(s, out);
        return;
    }
    fputc('"', out);
    for (const char *p = s; *p != '\0';) {
        size_t run = strcspn(p, "\"");
        hl_utf8_fwrite(p, run, out);
        p += run;
        if (*p == '"') {
            fputs("\"\"", out);
            p++;
        }
    }
    fputc('"', out);
}

/* Phases as "name:start-end;..." in seconds, one field. */
static void csv_phases(FILE *out, const struct hl_task_record *t) {
    for (int p = 0; p < t->nphases; p++)
        fprintf(out, "%s%s:%.9f-%.9f", p > 0 ? ";" : "", hl_phase_name(t->phases[p].kind),
                (double)t->phases[p].t0_ns * 1e-9, (double)t->phases[p].t1_ns * 1e-9);
}

int hl_results_write_csv(FILE *out, const struct hl_results *r, struct hl_error *err) {
    (void)err;
    fputs("workload,config,backend,workers,device,run,task,worker,start_s,end_s,duration_s,"
          "ok,error,bytes,http_status,phases,range_lo,range_hi,rank,host\n",
          out);
    for (size_t e = 0; e < r->nexperiments; e++) {
        const struct hl_experiment_result *x = &r->experiments[e];
        for (size_t c = 0; c < x->nconfigs; c++) {
            const struct hl_config_result *cf = &x->configs[c];
            for (size_t ri = 0; ri < cf->nruns; ri++) {
                const struct hl_run_result *run = &cf->runs[ri];
                for (size_t ti = 0; ti < run->ntasks; ti++) {
                    const struct hl_task_record *t = &run->tasks[ti];
                    /* Stopped by an interrupt: hl_write_file_atomic drops the file. */
                    if ((ti & 4095) == 4095 && hl_interrupted())
                        return 0;
                    csv_field(out, x->workload);
                    fputc(',', out);
                    csv_field(out, cf->label);
                    fputc(',', out);
                    csv_field(out, cf->backend);
                    fprintf(out, ",%d,", cf->workers);
                    csv_field(out, cf->device);
                    fprintf(out, ",%zu,%d,", ri, (int)t->task);
                    if (t->worker >= 0)
                        fprintf(out, "%d", (int)t->worker);
                    fprintf(out, ",%.9f,%.9f,%.9f,%s,", (double)t->t0_ns * 1e-9,
                            (double)t->t1_ns * 1e-9, (double)(t->t1_ns - t->t0_ns) * 1e-9,
                            t->ok ? "true" : "false");
                    csv_field(out, t->ok ? NULL : t->error);
                    fprintf(out, ",%lld,", (long long)t->bytes);
                    if (t->http_status != 0)
                        fprintf(out, "%d", (int)t->http_status);
                    fputc(',', out);
                    csv_phases(out, t);
                    /* A join's chunk: its [lo, hi); an mpi run's: rank, host
                     * (as results.json has them); else empty. */
                    if (t->hi > t->lo)
                        fprintf(out, ",%lld,%lld", (long long)t->lo, (long long)t->hi);
                    else
                        fputs(",,", out);
                    fputc(',', out);
                    if (r->nranks > 0 && t->rank >= 0 && (size_t)t->rank < r->nranks) {
                        fprintf(out, "%d,", (int)t->rank);
                        csv_field(out, r->ranks[t->rank].host);
                    } else {
                        fputc(',', out);
                    }
                    fputc('\n', out);
                }
            }
        }
    }
    return 0;
}
