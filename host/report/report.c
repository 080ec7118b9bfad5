/* The report's one walk over a results model. What is said, and in what
 * order, is decided here only; the renderer (report_md.c, report_html.c)
 * says how it is written, so both files always agree in content. */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "model/ideal.h"
#include "model/roofline.h"
#include "report/report_claims.h"
#include "report/report_render.h"
#include "report/report_text.h"
#include "util/fs.h"

/* The three charts the report shows per workload, in order. */
/* The roofline only where the workload has one (hl_roofline_wanted). */
static const char *const chart_kinds[] = {"overview", "compare", "scaling", "roofline"};

/* What chart `kind` of e shows, exactly as plot/ draws it: the compare
 * chart's interval boxes only where the runs made them, the scaling
 * chart's ideal as model/ideal.h has it. */
static void chart_caption(const struct hl_results *r, const struct hl_experiment_result *e,
                          const char *kind, char *buf, size_t size) {
    bool boxes = false;
    for (size_t i = 0; i < e->nconfigs; i++)
        boxes = boxes || (e->configs[i].noise.known && e->configs[i].nruns > 1);
    const char *box = boxes ? ", the median's 95% interval as a box" : "";
    if (strcmp(kind, "overview") == 0) {
        snprintf(buf, size,
                 "every configuration's median run on one time axis, one lane per "
                 "worker");
        return;
    }
    if (strcmp(kind, "roofline") == 0) {
        snprintf(buf, size,
                 "operations per second against operations per byte: every configuration "
                 "against the measured ceilings, the host-device link dashed");
        return;
    }
    if (strcmp(kind, "compare") == 0) {
        snprintf(buf, size,
                 "median wall time of every configuration, fastest to slowest run as "
                 "whiskers%s",
                 box);
        return;
    }
    struct hl_ideal id = hl_ideal_of(e, r->cores);
    int max_w = 0;
    for (size_t i = 0; i < e->nconfigs; i++)
        max_w = e->configs[i].nruns > 0 && e->configs[i].workers > max_w ? e->configs[i].workers
                                                                         : max_w;
    char ideal[160];
    if (id.kind == HL_IDEAL_SERIAL && id.cores > 0 && id.cores < max_w)
        snprintf(ideal, sizeof ideal,
                 "the ideal serial / W up to the %d usable cores and flat beyond them", id.cores);
    else if (id.kind == HL_IDEAL_SERIAL)
        snprintf(ideal, sizeof ideal, "the ideal serial / W");
    else if (id.kind == HL_IDEAL_LATENCY)
        snprintf(ideal, sizeof ideal, "the ideal ceil(%lld / W) x %.0f ms latency",
                 (long long)id.tasks, id.latency_s * 1e3);
    else
        snprintf(ideal, sizeof ideal, "no ideal (no verified serial run)");
    snprintf(buf, size, "median wall time against workers (log scales)%s, with %s", box, ideal);
}

/* Where the walk writes, and in which syntax. */
struct doc {
    const struct hl_report_renderer *put;
    FILE *out;
};

static void cell(const struct doc *d, enum hl_report_cell kind, const char *text) {
    d->put->cell_begin(d->out, kind);
    d->put->text(d->out, text);
    d->put->cell_end(d->out, kind);
}

static void write_intro(const struct doc *d, const struct hl_results *r,
                        const struct hl_report_options *o) {
    char text[512];
    d->put->heading(d->out, 1, NULL, o->title);
    d->put->paragraph_begin(d->out, HL_REPORT_PARAGRAPH_NOTE);
    d->put->words(d->out, "Machine: ");
    hl_report_machine_text(r, text, sizeof text);
    d->put->text(d->out, text);
    char ceilings[1024];
    hl_report_ceilings_text(&r->ceilings, ceilings, sizeof ceilings);
    hl_report_limit_text(&r->copy, text, sizeof text);
    if (ceilings[0] != '\0') {
        d->put->words(d->out, ". Measured ceilings");
        if (r->ceilings.age_s > 0) {
            char age[64];
            snprintf(age, sizeof age, " (taken %.0f s before the runs, from the cache)",
                     r->ceilings.age_s);
            d->put->words(d->out, age);
        }
        d->put->words(d->out, ": ");
        d->put->text(d->out, ceilings);
    } else if (text[0] != '\0') {
        d->put->words(d->out, ". Measured copy limit: ");
        d->put->text(d->out, text);
    }
    d->put->words(d->out, ".");
    d->put->paragraph_end(d->out);
    d->put->paragraph_begin(d->out, HL_REPORT_PARAGRAPH_PLAIN);
    d->put->words(d->out, "Every number here was measured on this machine and is in ");
    d->put->file_ref(d->out, "results.json");
    d->put->words(d->out, " beside this report; every sentence below is computed from those "
                          "numbers.");
    d->put->paragraph_end(d->out);
}

/* "opencl:0:0, pthread:4" (the fastest is not settled), or "none". */
static const char *ties_text(const struct hl_finding *f, char *buf, size_t size) {
    size_t o = 0;
    snprintf(buf, size, "none");
    for (size_t i = 0; i < f->nties && o < size; i++) {
        int n = snprintf(buf + o, size - o, "%s%s", i > 0 ? ", " : "", f->ties[i].b->label);
        o += n > 0 ? (size_t)n : 0;
    }
    return buf;
}

static void write_summary(const struct doc *d, const struct hl_results *r,
                          const struct hl_claims *all) {
    static const struct hl_report_column columns[] = {
        {"workload", false},
        {"fastest configuration", false},
        {"median", false},
        {"speedup vs serial", false},
        {"bound", false},
        {"verified", false},
        {"within the noise of the fastest", false},
    };
    d->put->heading(d->out, 2, "summary", "Summary");
    d->put->table_begin(d->out, columns, sizeof columns / sizeof columns[0]);
    for (size_t i = 0; i < r->nexperiments; i++) {
        const struct hl_finding *f = &all[i].finding;
        char verified[32], ties[256];
        bool all_verified = hl_report_verified_text(&r->experiments[i], verified, sizeof verified);
        d->put->row_begin(d->out);
        cell(d, HL_REPORT_CELL_TEXT, r->experiments[i].workload);
        if (f->fastest != NULL) {
            struct hl_report_row row;
            hl_report_row(f->fastest, &row);
            cell(d, HL_REPORT_CELL_TEXT, f->fastest->label);
            cell(d, HL_REPORT_CELL_NUMBER, row.median);
            cell(d, HL_REPORT_CELL_NUMBER, row.speedup);
            char bound[96];
            cell(d, HL_REPORT_CELL_TEXT, hl_claims_bound_text(f, bound, sizeof bound));
        } else {
            cell(d, HL_REPORT_CELL_PROBLEM, "none verified");
            for (int k = 0; k < 3; k++)
                cell(d, HL_REPORT_CELL_TEXT, "-");
        }
        cell(d, all_verified ? HL_REPORT_CELL_TEXT : HL_REPORT_CELL_PROBLEM, verified);
        cell(d, HL_REPORT_CELL_TEXT, ties_text(f, ties, sizeof ties));
        d->put->row_end(d->out);
    }
    d->put->table_end(d->out);
}

static void write_claims(const struct doc *d, const struct hl_claims *cl) {
    d->put->heading(d->out, 3, NULL, "What the measurements say");
    d->put->list_begin(d->out);
    for (size_t k = 0; k < cl->n; k++) {
        char topic[64];
        snprintf(topic, sizeof topic, "%s.", hl_claim_topic_name(cl->items[k].topic));
        d->put->item_begin(d->out, cl->items[k].topic == HL_CLAIM_PROBLEM);
        d->put->strong(d->out, topic);
        d->put->words(d->out, " ");
        d->put->text(d->out, cl->items[k].text);
        d->put->item_end(d->out);
    }
    d->put->list_end(d->out);
}

static void write_charts(const struct doc *d, const struct hl_results *r, size_t i,
                         const char *ext) {
    const struct hl_experiment_result *e = &r->experiments[i];
    char file[320];
    d->put->heading(d->out, 3, NULL, "Charts");
    for (size_t k = 0; k < sizeof chart_kinds / sizeof chart_kinds[0]; k++) {
        if (strcmp(chart_kinds[k], "roofline") == 0 && !hl_roofline_wanted(e))
            continue;
        char caption[320];
        chart_caption(r, e, chart_kinds[k], caption, sizeof caption);
        hl_report_chart_file(r, i, chart_kinds[k], ext, file, sizeof file);
        d->put->figure(d->out, file, e->workload, caption);
    }
    d->put->paragraph_begin(d->out, HL_REPORT_PARAGRAPH_LINKS);
    d->put->words(d->out, "Timelines of each configuration's median run:");
    for (size_t c = 0, shown = 0; c < e->nconfigs; c++) {
        if (e->configs[c].nruns == 0)
            continue; /* plot draws no timeline without a run */
        if (shown++ > 0)
            d->put->separator(d->out);
        else
            d->put->words(d->out, " ");
        hl_report_timeline_file(r, i, c, ext, file, sizeof file);
        d->put->link(d->out, file, e->configs[c].label);
    }
    d->put->paragraph_end(d->out);
}

static void write_table(const struct doc *d, const struct hl_experiment_result *e) {
    static const struct hl_report_column columns[] = {
        {"configuration", false},  {"tasks", true},     {"runs", true},   {"median", true},
        {"median interval", true}, {"min", true},       {"max", true},    {"CPU (median)", true},
        {"speedup", true},         {"verified", false}, {"noisy", false},
    };
    d->put->heading(d->out, 3, NULL, "Measurements");
    d->put->table_begin(d->out, columns, sizeof columns / sizeof columns[0]);
    for (size_t c = 0; c < e->nconfigs; c++) {
        const struct hl_config_result *cf = &e->configs[c];
        char tasks[32];
        snprintf(tasks, sizeof tasks, "%lld", (long long)cf->tasks);
        d->put->row_begin(d->out);
        cell(d, HL_REPORT_CELL_TEXT, cf->label);
        cell(d, HL_REPORT_CELL_NUMBER, tasks);
        if (cf->nruns == 0) {
            d->put->blank_cells(d->out, 7);
            d->put->cell_begin(d->out, HL_REPORT_CELL_PROBLEM);
            d->put->words(d->out, "no: ");
            d->put->text(d->out, cf->note != NULL ? cf->note : "no runs");
            d->put->cell_end(d->out, HL_REPORT_CELL_PROBLEM);
            d->put->blank_cells(d->out, 1);
        } else {
            struct hl_report_row row;
            hl_report_row(cf, &row);
            cell(d, HL_REPORT_CELL_NUMBER, row.runs);
            cell(d, HL_REPORT_CELL_NUMBER, row.median);
            cell(d, HL_REPORT_CELL_NUMBER, row.interval);
            cell(d, HL_REPORT_CELL_NUMBER, row.min);
            cell(d, HL_REPORT_CELL_NUMBER, row.max);
            cell(d, HL_REPORT_CELL_NUMBER, row.cpu);
            cell(d, HL_REPORT_CELL_NUMBER, row.speedup);
            if (cf->verified)
                cell(d, HL_REPORT_CELL_TEXT, "yes");
            else
                cell(d, HL_REPORT_CELL_FAILED, "NO");
            cell(d, row.noise[0] == '-' ? HL_REPORT_CELL_TEXT : HL_REPORT_CELL_PROBLEM, row.noise);
        }
        d->put->row_end(d->out);
    }
    d->put->table_end(d->out);
}

/* One workload's section: what ran, what it says, the charts, the
 * numbers. */
static void write_workload(const struct doc *d, const struct hl_results *r, size_t i,
                           const struct hl_claims *cl, const struct hl_report_options *o) {
    const struct hl_experiment_result *e = &r->experiments[i];
    char params[512];
    hl_report_params_text(r, e, params, sizeof params);
    d->put->heading(d->out, 2, NULL, e->workload);
    d->put->paragraph_begin(d->out, HL_REPORT_PARAGRAPH_NOTE);
    d->put->text(d->out, params);
    d->put->paragraph_end(d->out);
    write_claims(d, cl);
    if (o->chart_ext != NULL)
        write_charts(d, r, i, o->chart_ext);
    write_table(d, e);
}

int hl_report_write(FILE *out, const struct hl_report_renderer *renderer,
                    const struct hl_results *r, const struct hl_report_options *o,
                    struct hl_error *err) {
    /* Claims first: they are the only allocation, so running out of
     * memory leaves nothing half written. */
    struct hl_claims *all = calloc(r->nexperiments + 1, sizeof *all);
    if (all == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "report: out of memory");
    for (size_t i = 0; i < r->nexperiments; i++)
        hl_report_claims(r, &r->experiments[i], &all[i]);
    const struct doc d = {renderer, out};
    renderer->document_begin(out, o->title);
    write_intro(&d, r, o);
    write_summary(&d, r, all);
    for (size_t i = 0; i < r->nexperiments; i++)
        write_workload(&d, r, i, &all[i], o);
    renderer->document_end(out);
    free(all);
    return 0;
}

int hl_report_write_md(FILE *out, const struct hl_results *r, const struct hl_report_options *o,
                       struct hl_error *err) {
    return hl_report_write(out, &hl_report_markdown, r, o, err);
}

int hl_report_write_html(FILE *out, const struct hl_results *r, const struct hl_report_options *o,
                         struct hl_error *err) {
    return hl_report_write(out, &hl_report_html, r, o, err);
}

struct save_ctx {
    const struct hl_report_renderer *renderer;
    const struct hl_results *r;
    const struct hl_report_options *o;
};

static int write_cb(FILE *out, void *ctx, struct hl_error *err) {
    const struct save_ctx *s = ctx;
    return hl_report_write(out, s->renderer, s->r, s->o, err);
}

int hl_report_save(const char *dir, const struct hl_results *r, const struct hl_report_options *o,
                   struct hl_error *err) {
    static const struct hl_report_renderer *const renderers[] = {&hl_report_markdown,
                                                                 &hl_report_html};
    for (size_t k = 0; k < sizeof renderers / sizeof renderers[0]; k++) {
        struct save_ctx ctx = {renderers[k], r, o};
        if (hl_write_file_atomic(dir, renderers[k]->file_name, write_cb, &ctx, err) != 0)
            return -1;
    }
    return 0;
}
