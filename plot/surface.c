#include "plot/surface.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/fs.h"

/* cairo image surfaces stop at 32767 pixels a side. */
#define MAX_SIDE 32000

static int check_size(const struct hl_plot_chart *chart, struct hl_error *err) {
    if (!(chart->width >= 1 && chart->width <= MAX_SIDE && chart->height >= 1 &&
          chart->height <= MAX_SIDE))
        return hl_error_set(err, HL_ERR_RUNTIME, "chart size %.0f x %.0f is out of range",
                            chart->width, chart->height);
    return 0;
}

/* Draws into a fresh context on `surface` and reports cairo's verdict. */
static int draw_on(cairo_surface_t *surface, const struct hl_plot_chart *chart,
                   struct hl_error *err) {
    cairo_t *cr = cairo_create(surface);
    hl_plot_context_init(cr);
    int rc = chart->draw(cr, chart->ctx);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (st != CAIRO_STATUS_SUCCESS)
        return hl_error_set(err, HL_ERR_RUNTIME, "cairo: %s", cairo_status_to_string(st));
    if (rc != 0)
        return hl_error_set(err, HL_ERR_RUNTIME, "out of memory drawing a chart");
    return 0;
}

cairo_surface_t *hl_plot_render_image(const struct hl_plot_chart *chart, struct hl_error *err) {
    if (check_size(chart, err) != 0)
        return NULL;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(chart->width),
                                                    (int)ceil(chart->height));
    cairo_status_t st = cairo_surface_status(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        hl_error_set(err, HL_ERR_RUNTIME, "cairo: %s", cairo_status_to_string(st));
        cairo_surface_destroy(s);
        return NULL;
    }
    if (draw_on(s, chart, err) != 0) {
        cairo_surface_destroy(s);
        return NULL;
    }
    cairo_surface_flush(s);
    return s;
}

/* cairo's output: the file, and the errno of its first failed write,
 * which cairo's own status ("error while writing") does not keep. */
struct sink {
    FILE *out;
    int error;
};

static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int len) {
    struct sink *sink = closure;
    if (fwrite(data, 1, len, sink->out) == len)
        return CAIRO_STATUS_SUCCESS;
    if (sink->error == 0)
        sink->error = errno != 0 ? errno : EIO;
    return CAIRO_STATUS_WRITE_ERROR;
}

struct job {
    const char *dir, *name;
    enum hl_plot_format fmt;
    const struct hl_plot_chart *chart;
};

/* Names the file in an error from drawing or encoding. */
static int fail(const struct job *job, struct hl_error *err, const struct hl_error *why) {
    return hl_error_set(err, HL_ERR_RUNTIME, "%s/%s: %s", job->dir, job->name, why->msg);
}

/* A cairo status after output: a failed write says why, as the other
 * files' errors do; anything else is cairo's. */
static int fail_status(const struct job *job, const struct sink *sink, cairo_status_t st,
                       struct hl_error *err) {
    if (st == CAIRO_STATUS_WRITE_ERROR && sink->error != 0)
        return hl_error_errno(err, HL_ERR_RUNTIME, sink->error, "cannot write %s/%s", job->dir,
                              job->name);
    struct hl_error why = {0};
    hl_error_set(&why, HL_ERR_RUNTIME, "cairo: %s", cairo_status_to_string(st));
    return fail(job, err, &why);
}

static cairo_surface_t *vector_surface(const struct job *job, struct sink *out) {
    const struct hl_plot_chart *chart = job->chart;
    if (job->fmt == HL_PLOT_SVG) {
        cairo_surface_t *s =
            cairo_svg_surface_create_for_stream(write_stream, out, chart->width, chart->height);
        /* Pixels, so that an SVG chart has the PNG's size in a browser. */
        cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PX);
        return s;
    }
    cairo_surface_t *s =
        cairo_pdf_surface_create_for_stream(write_stream, out, chart->width, chart->height);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "hetlane");
    return s;
}

static int write_chart(FILE *out, void *ctx, struct hl_error *err) {
    const struct job *job = ctx;
    struct hl_error why = {0};
    struct sink sink = {out, 0};
    if (job->fmt == HL_PLOT_PNG) {
        cairo_surface_t *s = hl_plot_render_image(job->chart, &why);
        if (s == NULL)
            return fail(job, err, &why);
        cairo_status_t st = cairo_surface_write_to_png_stream(s, write_stream, &sink);
        cairo_surface_destroy(s);
        return st == CAIRO_STATUS_SUCCESS ? 0 : fail_status(job, &sink, st, err);
    }
    if (check_size(job->chart, &why) != 0)
        return fail(job, err, &why);
    cairo_surface_t *s = vector_surface(job, &sink);
    cairo_status_t st = cairo_surface_status(s);
    if (st == CAIRO_STATUS_SUCCESS && draw_on(s, job->chart, &why) != 0) {
        cairo_surface_destroy(s);
        return fail(job, err, &why);
    }
    if (st == CAIRO_STATUS_SUCCESS) {
        cairo_surface_finish(s); /* vector surfaces write their last bytes here */
        st = cairo_surface_status(s);
    }
    cairo_surface_destroy(s);
    return st == CAIRO_STATUS_SUCCESS ? 0 : fail_status(job, &sink, st, err);
}

int hl_plot_write(const char *dir, const char *name, enum hl_plot_format fmt,
                  const struct hl_plot_chart *chart, struct hl_error *err) {
    struct job job = {dir, name, fmt, chart};
    return hl_write_file_atomic(dir, name, write_chart, &job, err);
}
