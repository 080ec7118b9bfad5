/* report.md: the report as GitHub-flavoured markdown, charts as images
 * beside it. */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

/* Text with markdown's active characters escaped, so a label or an error
 * message is shown as written and cannot break a table. */
static void md_text(FILE *out, const char *s) {
    for (; *s != '\0'; s++) {
        if (strchr("\\`*_[]<>|#", *s) != NULL)
            fputc('\\', out);
        fputc(*s == '\n' ? ' ' : *s, out);
    }
}

static void write_summary(FILE *out, const struct hl_results *r, const struct hl_claims *all) {
    fprintf(out, "## Summary\n\n"
                 "| workload | fastest configuration | median | speedup vs serial | bound | "
                 "verified |\n|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < r->nexperiments; i++) {
        const struct hl_finding *f = &all[i].finding;
        char verified[32];
        hl_report_verified_text(&r->experiments[i], verified, sizeof verified);
        fputs("| ", out);
        md_text(out, r->experiments[i].workload);
        fputs(" | ", out);
        if (f->fastest != NULL) {
            struct hl_report_row row;
            hl_report_row(f->fastest, &row);
            md_text(out, f->fastest->label);
            fprintf(out, " | %s | %s | %s", row.median, row.speedup, hl_bound_name(f->bound));
        } else {
            fputs("none verified | - | - | -", out);
        }
        fprintf(out, " | %s |\n", verified);
    }
    fputc('\n', out);
}

static void write_claims(FILE *out, const struct hl_claims *cl) {
    fprintf(out, "### What the measurements say\n\n");
    for (size_t k = 0; k < cl->n; k++) {
        fprintf(out, "- **%s.** ", hl_claim_topic_name(cl->items[k].topic));
        md_text(out, cl->items[k].text);
        fputc('\n', out);
    }
    fputc('\n', out);
}

static void write_charts(FILE *out, const struct hl_results *r, size_t i, const char *ext) {
    const struct hl_experiment_result *e = &r->experiments[i];
    char file[320];
    fprintf(out, "### Charts\n\n");
    for (size_t k = 0; k < 3; k++) {
        hl_report_chart_file(r, i, hl_report_charts[k].kind, ext, file, sizeof file);
        fputs("![", out);
        md_text(out, e->workload);
        fprintf(out, ": %s](%s)\n\n", hl_report_charts[k].caption, file);
    }
    fputs("Timelines of each configuration's median run:", out);
    const char *sep = " ";
    for (size_t c = 0; c < e->nconfigs; c++) {
        if (e->configs[c].nruns == 0)
            continue;
        hl_report_timeline_file(r, i, c, ext, file, sizeof file);
        fprintf(out, "%s[", sep);
        md_text(out, e->configs[c].label);
        fprintf(out, "](%s)", file);
        sep = " · ";
    }
    fputs("\n\n", out);
}

static void write_table(FILE *out, const struct hl_experiment_result *e) {
    fprintf(out, "### Measurements\n\n"
                 "| configuration | tasks | median | min | max | CPU (median) | speedup | "
                 "verified |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (size_t c = 0; c < e->nconfigs; c++) {
        const struct hl_config_result *cf = &e->configs[c];
        struct hl_report_row row;
        hl_report_row(cf, &row);
        fputs("| ", out);
        md_text(out, cf->label);
        if (cf->nruns == 0) {
            fprintf(out, " | %lld | - | - | - | - | - | no: ", (long long)cf->tasks);
            md_text(out, cf->note != NULL ? cf->note : "no runs");
            fputs(" |\n", out);
            continue;
        }
        fprintf(out, " | %lld | %s | %s | %s | %s | %s | %s |\n", (long long)cf->tasks, row.median,
                row.min, row.max, row.cpu, row.speedup, cf->verified ? "yes" : "**NO**");
    }
    fputc('\n', out);
}

int hl_report_write_md(FILE *out, const struct hl_results *r, const struct hl_report_options *o,
                       struct hl_error *err) {
    struct hl_claims *all = hl_report_all_claims(r);
    if (all == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "report: out of memory");
    char text[512];
    fputs("# ", out);
    md_text(out, o->title);
    hl_report_machine_text(r, text, sizeof text);
    fputs("\n\nMachine: ", out);
    md_text(out, text);
    hl_report_limit_text(&r->copy, text, sizeof text);
    if (text[0] != '\0')
        fprintf(out, ". Measured copy limit: %s", text);
    fprintf(out, ".\n\nEvery number here was measured on this machine and is in results.json "
                 "beside this report; every sentence below is computed from those numbers.\n\n");
    write_summary(out, r, all);
    for (size_t i = 0; i < r->nexperiments; i++) {
        const struct hl_experiment_result *e = &r->experiments[i];
        fputs("## ", out);
        md_text(out, e->workload);
        hl_report_params_text(r, e, text, sizeof text);
        fputs("\n\n", out);
        md_text(out, text);
        fputs("\n\n", out);
        write_claims(out, &all[i]);
        if (o->chart_ext != NULL)
            write_charts(out, r, i, o->chart_ext);
        write_table(out, e);
    }
    free(all);
    return 0;
}
