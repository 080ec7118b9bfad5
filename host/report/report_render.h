/* The report's syntax, apart from its content: report.c walks the results
 * once and says what comes next (a heading, a paragraph, a table cell)
 * through one of these tables; report_md.c and report_html.c only say how
 * that is written. So the two files cannot drift apart in what they
 * report, and a renderer knows nothing of results, claims or charts.
 *
 * Every operation writes to `out` and cannot fail: a stream error stays in
 * `out` for the caller's fflush/ferror (hl_write_file_atomic). Text comes
 * in two kinds: data (labels, notes, numbers: anything a run or a user
 * chose), which a renderer escapes, and the report's own words (headings
 * of columns, captions, topics), which it writes as they are and which
 * hold no character either syntax treats specially. */
#ifndef HL_REPORT_RENDER_H
#define HL_REPORT_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* What a paragraph is for, so a renderer can set it apart. */
enum hl_report_paragraph {
    HL_REPORT_PARAGRAPH_PLAIN,
    HL_REPORT_PARAGRAPH_NOTE,  /* about the run, not its results: machine, parameters */
    HL_REPORT_PARAGRAPH_LINKS, /* a row of links, each kept whole on a line */
};

/* What a table cell holds. HTML marks each cell; markdown has no per-cell
 * style, so it aligns whole columns (hl_report_column) instead. */
enum hl_report_cell {
    HL_REPORT_CELL_TEXT,
    HL_REPORT_CELL_NUMBER,  /* a measurement: right-aligned, tabular figures */
    HL_REPORT_CELL_PROBLEM, /* did not run or not all verified: red in HTML */
    HL_REPORT_CELL_FAILED,  /* a wrong result: red in HTML, bold in markdown too */
};

/* One column of a table: its heading (the report's words) and whether
 * markdown right-aligns it. */
struct hl_report_column {
    const char *name;
    bool right;
};

/* One output syntax. Calls nest as the document does: document, then
 * headings, paragraphs (inline calls between begin and end), lists (items
 * hold inline calls), figures and tables (rows of cells; cells hold inline
 * calls). A renderer keeps no state between calls, so each is one const
 * struct that any number of reports share. */
struct hl_report_renderer {
    const char *file_name; /* written by hl_report_save: "report.md" */

    /* The whole document; `title` is data. */
    void (*document_begin)(FILE *out, const char *title);
    void (*document_end)(FILE *out);

    /* A heading of `level` 1 to 3; `id` (the report's words, or NULL) is
     * an anchor where the syntax has them; `text` is data. */
    void (*heading)(FILE *out, int level, const char *id, const char *text);

    void (*paragraph_begin)(FILE *out, enum hl_report_paragraph kind);
    void (*paragraph_end)(FILE *out);

    /* Inline calls. `text` escapes data; `words` writes the report's own
     * words as they are; `strong` emphasises the report's words. */
    void (*text)(FILE *out, const char *s);
    void (*words)(FILE *out, const char *s);
    void (*strong)(FILE *out, const char *s);
    /* A link to the file `href` (a name beside the report) shown as the
     * data `label`. */
    void (*link)(FILE *out, const char *href, const char *label);
    /* A file beside the report named in a sentence: HTML links it, while
     * markdown just names it, keeping its links for charts and timelines. */
    void (*file_ref)(FILE *out, const char *name);
    /* Between two links of a LINKS paragraph. */
    void (*separator)(FILE *out);

    /* A bulleted list; a `problem` item is marked as bad news. */
    void (*list_begin)(FILE *out);
    void (*item_begin)(FILE *out, bool problem);
    void (*item_end)(FILE *out);
    void (*list_end)(FILE *out);

    /* The image `file` beside the report, captioned "subject: caption":
     * `subject` is data, `caption` the report's words. */
    void (*figure)(FILE *out, const char *file, const char *subject, const char *caption);

    /* A table with a heading row of `ncolumns` columns; each row holds
     * that many cells (blank_cells counting n). */
    void (*table_begin)(FILE *out, const struct hl_report_column *columns, size_t ncolumns);
    void (*row_begin)(FILE *out);
    void (*cell_begin)(FILE *out, enum hl_report_cell kind);
    void (*cell_end)(FILE *out, enum hl_report_cell kind);
    /* n cells with nothing measured, "-" in each; HTML joins them. */
    void (*blank_cells)(FILE *out, size_t n);
    void (*row_end)(FILE *out);
    void (*table_end)(FILE *out);
};

/* GitHub-flavoured markdown (report_md.c) and one self-contained HTML
 * page (report_html.c). */
extern const struct hl_report_renderer hl_report_markdown;
extern const struct hl_report_renderer hl_report_html;

#endif
