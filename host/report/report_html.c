/* report.html: the report as one HTML page with its style inline, no
 * script and no external resource but the chart images beside it, so it
 * opens from the output directory (or a CI artifact) in any browser. */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

static const char style[] =
    "body{font:16px/1.5 system-ui,sans-serif;max-width:1240px;margin:2em auto;padding:0 1em;"
    "color:#1a1a1a}\n"
    "h1{margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}\n"
    ".machine{color:#555}\n"
    "table{border-collapse:collapse;margin:1em 0}\n"
    "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "th{background:#f3f3f3}\n"
    ".bad{color:#b00020;font-weight:bold}\n"
    "ul.claims li{margin:.4em 0}\n"
    "figure{margin:1.5em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}\n"
    "figcaption{color:#555;font-size:.9em}\n"
    ".timelines a{white-space:nowrap}\n";

/* Text with HTML's special characters escaped (safe in attributes too). */
static void html_text(FILE *out, const char *s) {
    for (; *s != '\0'; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*s, out);
        }
    }
}

static void cell(FILE *out, const char *cls, const char *text) {
    fprintf(out, "<td%s%s%s>", cls != NULL ? " class=\"" : "", cls != NULL ? cls : "",
            cls != NULL ? "\"" : "");
    html_text(out, text);
    fputs("</td>", out);
}

static void write_summary(FILE *out, const struct hl_results *r, const struct hl_claims *all) {
    fputs("<h2 id=\"summary\">Summary</h2>\n<table>\n<tr><th>workload</th><th>fastest "
          "configuration</th><th>median</th><th>speedup vs serial</th><th>bound</th>"
          "<th>verified</th></tr>\n",
          out);
    for (size_t i = 0; i < r->nexperiments; i++) {
        const struct hl_finding *f = &all[i].finding;
        char verified[32];
        hl_report_verified_text(&r->experiments[i], verified, sizeof verified);
        fputs("<tr>", out);
        cell(out, NULL, r->experiments[i].workload);
        if (f->fastest != NULL) {
            struct hl_report_row row;
            hl_report_row(f->fastest, &row);
            cell(out, NULL, f->fastest->label);
            cell(out, "num", row.median);
            cell(out, "num", row.speedup);
            cell(out, NULL, hl_bound_name(f->bound));
        } else {
            fputs("<td class=\"bad\">none verified</td><td>-</td><td>-</td><td>-</td>", out);
        }
        cell(out, strncmp(verified, "all", 3) == 0 ? NULL : "bad", verified);
        fputs("</tr>\n", out);
    }
    fputs("</table>\n", out);
}

static void write_claims(FILE *out, const struct hl_claims *cl) {
    fputs("<h3>What the measurements say</h3>\n<ul class=\"claims\">\n", out);
    for (size_t k = 0; k < cl->n; k++) {
        fprintf(out, "<li%s><strong>%s.</strong> ",
                cl->items[k].topic == HL_CLAIM_PROBLEM ? " class=\"bad\"" : "",
                hl_claim_topic_name(cl->items[k].topic));
        html_text(out, cl->items[k].text);
        fputs("</li>\n", out);
    }
    fputs("</ul>\n", out);
}

static void write_charts(FILE *out, const struct hl_results *r, size_t i, const char *ext) {
    const struct hl_experiment_result *e = &r->experiments[i];
    char file[320];
    fputs("<h3>Charts</h3>\n", out);
    for (size_t k = 0; k < 3; k++) {
        hl_report_chart_file(r, i, hl_report_charts[k].kind, ext, file, sizeof file);
        fputs("<figure><a href=\"", out);
        html_text(out, file);
        fputs("\"><img src=\"", out);
        html_text(out, file);
        fputs("\" alt=\"", out);
        html_text(out, e->workload);
        fprintf(out, ": %s\"></a><figcaption>", hl_report_charts[k].caption);
        html_text(out, e->workload);
        fprintf(out, ": %s</figcaption></figure>\n", hl_report_charts[k].caption);
    }
    fputs("<p class=\"timelines\">Timelines of each configuration's median run:", out);
    for (size_t c = 0, shown = 0; c < e->nconfigs; c++) {
        if (e->configs[c].nruns == 0)
            continue;
        hl_report_timeline_file(r, i, c, ext, file, sizeof file);
        fputs(shown++ > 0 ? " &middot; <a href=\"" : " <a href=\"", out);
        html_text(out, file);
        fputs("\">", out);
        html_text(out, e->configs[c].label);
        fputs("</a>", out);
    }
    fputs("</p>\n", out);
}

static void write_table(FILE *out, const struct hl_experiment_result *e) {
    fputs("<h3>Measurements</h3>\n<table>\n<tr><th>configuration</th><th>tasks</th>"
          "<th>median</th><th>min</th><th>max</th><th>CPU (median)</th><th>speedup</th>"
          "<th>verified</th></tr>\n",
          out);
    for (size_t c = 0; c < e->nconfigs; c++) {
        const struct hl_config_result *cf = &e->configs[c];
        struct hl_report_row row;
        char tasks[32];
        hl_report_row(cf, &row);
        snprintf(tasks, sizeof tasks, "%lld", (long long)cf->tasks);
        fputs("<tr>", out);
        cell(out, NULL, cf->label);
        cell(out, "num", tasks);
        if (cf->nruns == 0) {
            fputs("<td colspan=\"5\">-</td><td class=\"bad\">no: ", out);
            html_text(out, cf->note != NULL ? cf->note : "no runs");
            fputs("</td></tr>\n", out);
            continue;
        }
        cell(out, "num", row.median);
        cell(out, "num", row.min);
        cell(out, "num", row.max);
        cell(out, "num", row.cpu);
        cell(out, "num", row.speedup);
        cell(out, cf->verified ? NULL : "bad", cf->verified ? "yes" : "NO");
        fputs("</tr>\n", out);
    }
    fputs("</table>\n", out);
}

int hl_report_write_html(FILE *out, const struct hl_results *r, const struct hl_report_options *o,
                         struct hl_error *err) {
    struct hl_claims *all = hl_report_all_claims(r);
    if (all == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "report: out of memory");
    char text[512];
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          out);
    html_text(out, o->title);
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", style);
    html_text(out, o->title);
    fputs("</h1>\n<p class=\"machine\">Machine: ", out);
    hl_report_machine_text(r, text, sizeof text);
    html_text(out, text);
    hl_report_limit_text(&r->copy, text, sizeof text);
    if (text[0] != '\0') {
        fputs(". Measured copy limit: ", out);
        html_text(out, text);
    }
    fputs(".</p>\n<p>Every number here was measured on this machine and is in "
          "<a href=\"results.json\">results.json</a> beside this report; every sentence below "
          "is computed from those numbers.</p>\n",
          out);
    write_summary(out, r, all);
    for (size_t i = 0; i < r->nexperiments; i++) {
        const struct hl_experiment_result *e = &r->experiments[i];
        fputs("<h2>", out);
        html_text(out, e->workload);
        fputs("</h2>\n<p class=\"machine\">", out);
        hl_report_params_text(r, e, text, sizeof text);
        html_text(out, text);
        fputs("</p>\n", out);
        write_claims(out, &all[i]);
        if (o->chart_ext != NULL)
            write_charts(out, r, i, o->chart_ext);
        write_table(out, e);
    }
    fputs("</body>\n</html>\n", out);
    free(all);
    return 0;
}
