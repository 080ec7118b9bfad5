/* report.html: the report as one HTML page with its style inline, no
 * script and no external resource but the chart images beside it, so it
 * opens from the output directory (or a CI artifact) in any browser.
 * Syntax and escaping only; report.c decides what is said. */
#include "report/report_render.h"

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

static void html_words(FILE *out, const char *s) {
    fputs(s, out);
}

static void html_document_begin(FILE *out, const char *title) {
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          out);
    html_text(out, title);
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
}

static void html_document_end(FILE *out) {
    fputs("</body>\n</html>\n", out);
}

static void html_heading(FILE *out, int level, const char *id, const char *text) {
    fprintf(out, "<h%d", level);
    if (id != NULL)
        fprintf(out, " id=\"%s\"", id);
    fputc('>', out);
    html_text(out, text);
    fprintf(out, "</h%d>\n", level);
}

/* The class names are the style's (above). */
static void html_paragraph_begin(FILE *out, enum hl_report_paragraph kind) {
    switch (kind) {
    case HL_REPORT_PARAGRAPH_NOTE: fputs("<p class=\"machine\">", out); break;
    case HL_REPORT_PARAGRAPH_LINKS: fputs("<p class=\"timelines\">", out); break;
    default: fputs("<p>", out);
    }
}

static void html_paragraph_end(FILE *out) {
    fputs("</p>\n", out);
}

static void html_strong(FILE *out, const char *s) {
    fprintf(out, "<strong>%s</strong>", s);
}

static void html_link(FILE *out, const char *href, const char *label) {
    fputs("<a href=\"", out);
    html_text(out, href);
    fputs("\">", out);
    html_text(out, label);
    fputs("</a>", out);
}

static void html_file_ref(FILE *out, const char *name) {
    html_link(out, name, name);
}

static void html_separator(FILE *out) {
    fputs(" &middot; ", out);
}

/* The report's one list is its conclusions, which the style spaces out. */
static void html_list_begin(FILE *out) {
    fputs("<ul class=\"claims\">\n", out);
}

static void html_item_begin(FILE *out, bool problem) {
    fputs(problem ? "<li class=\"bad\">" : "<li>", out);
}

static void html_item_end(FILE *out) {
    fputs("</li>\n", out);
}

static void html_list_end(FILE *out) {
    fputs("</ul>\n", out);
}

/* The image links to itself, so a chart scaled down to the page opens at
 * full size. */
static void html_figure(FILE *out, const char *file, const char *subject, const char *caption) {
    fputs("<figure><a href=\"", out);
    html_text(out, file);
    fputs("\"><img src=\"", out);
    html_text(out, file);
    fputs("\" alt=\"", out);
    html_text(out, subject);
    fprintf(out, ": %s\"></a><figcaption>", caption);
    html_text(out, subject);
    fprintf(out, ": %s</figcaption></figure>\n", caption);
}

static void html_table_begin(FILE *out, const struct hl_report_column *columns, size_t ncolumns) {
    fputs("<table>\n<tr>", out);
    for (size_t i = 0; i < ncolumns; i++)
        fprintf(out, "<th>%s</th>", columns[i].name);
    fputs("</tr>\n", out);
}

static void html_row_begin(FILE *out) {
    fputs("<tr>", out);
}

static void html_cell_begin(FILE *out, enum hl_report_cell kind) {
    switch (kind) {
    case HL_REPORT_CELL_NUMBER: fputs("<td class=\"num\">", out); break;
    case HL_REPORT_CELL_PROBLEM:
    case HL_REPORT_CELL_FAILED: fputs("<td class=\"bad\">", out); break;
    default: fputs("<td>", out);
    }
}

static void html_cell_end(FILE *out, enum hl_report_cell kind) {
    (void)kind;
    fputs("</td>", out);
}

static void html_blank_cells(FILE *out, size_t n) {
    fprintf(out, "<td colspan=\"%zu\">-</td>", n);
}

static void html_row_end(FILE *out) {
    fputs("</tr>\n", out);
}

static void html_table_end(FILE *out) {
    fputs("</table>\n", out);
}

const struct hl_report_renderer hl_report_html = {
    .file_name = "report.html",
    .document_begin = html_document_begin,
    .document_end = html_document_end,
    .heading = html_heading,
    .paragraph_begin = html_paragraph_begin,
    .paragraph_end = html_paragraph_end,
    .text = html_text,
    .words = html_words,
    .strong = html_strong,
    .link = html_link,
    .file_ref = html_file_ref,
    .separator = html_separator,
    .list_begin = html_list_begin,
    .item_begin = html_item_begin,
    .item_end = html_item_end,
    .list_end = html_list_end,
    .figure = html_figure,
    .table_begin = html_table_begin,
    .row_begin = html_row_begin,
    .cell_begin = html_cell_begin,
    .cell_end = html_cell_end,
    .blank_cells = html_blank_cells,
    .row_end = html_row_end,
    .table_end = html_table_end,
};
