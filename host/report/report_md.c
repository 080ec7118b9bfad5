/* report.md: the report as GitHub-flavoured markdown, charts as images
 * beside it. Syntax and escaping only; report.c decides what is said. */
#include <string.h>

#include "report/report_render.h"

/* Text with markdown's active characters escaped, so a label or an error
 * message is shown as written and cannot break a table; a newline would
 * end a table row, so it becomes a space. */
static void md_text(FILE *out, const char *s) {
    for (; *s != '\0'; s++) {
        if (strchr("\\`*_[]<>|#", *s) != NULL)
            fputc('\\', out);
        fputc(*s == '\n' ? ' ' : *s, out);
    }
}

static void md_words(FILE *out, const char *s) {
    fputs(s, out);
}

static void md_document_begin(FILE *out, const char *title) {
    (void)out;
    (void)title; /* markdown has no head; the first heading says it */
}

static void md_document_end(FILE *out) {
    (void)out;
}

static void md_heading(FILE *out, int level, const char *id, const char *text) {
    (void)id; /* GitHub derives anchors from the text itself */
    for (int i = 0; i < level; i++)
        fputc('#', out);
    fputc(' ', out);
    md_text(out, text);
    fputs("\n\n", out);
}

static void md_paragraph_begin(FILE *out, enum hl_report_paragraph kind) {
    (void)out;
    (void)kind;
}

static void md_paragraph_end(FILE *out) {
    fputs("\n\n", out);
}

static void md_strong(FILE *out, const char *s) {
    fprintf(out, "**%s**", s);
}

/* File names come from hl_results_experiment_prefix and are safe in a
 * link target as they are. */
static void md_link(FILE *out, const char *href, const char *label) {
    fputc('[', out);
    md_text(out, label);
    fprintf(out, "](%s)", href);
}

static void md_separator(FILE *out) {
    fputs(" · ", out);
}

static void md_list_begin(FILE *out) {
    (void)out;
}

static void md_item_begin(FILE *out, bool problem) {
    (void)problem; /* the topic already says it; markdown has no colour */
    fputs("- ", out);
}

/* Ends an item or a row; a second one, ending the list or the table,
 * leaves the blank line that markdown needs after a block. */
static void md_newline(FILE *out) {
    fputc('\n', out);
}

static void md_figure(FILE *out, const char *file, const char *subject, const char *caption) {
    fputs("![", out);
    md_text(out, subject);
    fprintf(out, ": %s](%s)\n\n", caption, file);
}

/* A row is "| a | b |": the row opens with the bar and each cell closes
 * with one, so no cell needs to know whether it is the first. */
static void md_table_begin(FILE *out, const struct hl_report_column *columns, size_t ncolumns) {
    fputc('|', out);
    for (size_t i = 0; i < ncolumns; i++)
        fprintf(out, " %s |", columns[i].name);
    fputs("\n|", out);
    for (size_t i = 0; i < ncolumns; i++)
        fputs(columns[i].right ? "---:|" : "---|", out);
    fputc('\n', out);
}

static void md_row_begin(FILE *out) {
    fputc('|', out);
}

static void md_cell_begin(FILE *out, enum hl_report_cell kind) {
    fputs(kind == HL_REPORT_CELL_FAILED ? " **" : " ", out);
}

static void md_cell_end(FILE *out, enum hl_report_cell kind) {
    fputs(kind == HL_REPORT_CELL_FAILED ? "** |" : " |", out);
}

static void md_blank_cells(FILE *out, size_t n) {
    for (size_t i = 0; i < n; i++)
        fputs(" - |", out);
}

const struct hl_report_renderer hl_report_markdown = {
    .file_name = "report.md",
    .document_begin = md_document_begin,
    .document_end = md_document_end,
    .heading = md_heading,
    .paragraph_begin = md_paragraph_begin,
    .paragraph_end = md_paragraph_end,
    .text = md_text,
    .words = md_words,
    .strong = md_strong,
    .link = md_link,
    .file_ref = md_words,
    .separator = md_separator,
    .list_begin = md_list_begin,
    .item_begin = md_item_begin,
    .item_end = md_newline,
    .list_end = md_newline,
    .figure = md_figure,
    .table_begin = md_table_begin,
    .row_begin = md_row_begin,
    .cell_begin = md_cell_begin,
    .cell_end = md_cell_end,
    .blank_cells = md_blank_cells,
    .row_end = md_newline,
    .table_end = md_newline,
};
