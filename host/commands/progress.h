/* Progress of a long job made of steps with estimated durations (the
 * demo's configurations). On a terminal: one bar, redrawn in place, with
 * the current step and an estimate of the time left; elsewhere (a log, a
 * pipe, CI): only the lines the caller prints; quiet: nothing at all. */
#ifndef HL_PROGRESS_H
#define HL_PROGRESS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum hl_progress_mode {
    HL_PROGRESS_NONE,  /* --quiet */
    HL_PROGRESS_LINES, /* not a terminal: hl_progress_line only */
    HL_PROGRESS_BAR,   /* a terminal: the bar, and lines above it */
};

struct hl_progress {
    enum hl_progress_mode mode;
    int fd;         /* where it writes (write(2), never stdio) */
    double total_s; /* sum of every step's estimate */
    double done_s;  /* estimates of the finished steps */
    double step_s;  /* estimate of the current step */
    int64_t step_start_ns;
    char what[96]; /* "fetch pthread:4" */
    bool bar_shown;
    /* Bar mode: a thread redraws every 250 ms so the time left moves while
     * a long step runs; the mutex guards everything above. */
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t ticker;
    bool ticking, stop;
};

/* The mode for output to `out`: none when quiet, the bar when `out` is a
 * terminal (and TERM is not "dumb"), else lines. */
enum hl_progress_mode hl_progress_mode_for(FILE *out, bool quiet);

/* Starts reporting to `out` in `mode` for a job whose steps' estimates add
 * up to total_s. In bar mode it starts the redraw thread; if that thread
 * cannot be made the bar is still drawn at every step. Never fails. */
void hl_progress_start(struct hl_progress *p, FILE *out, enum hl_progress_mode mode,
                       double total_s);

/* A step begins: `what` (copied, cut to fit) is expected to take
 * estimate_s. */
void hl_progress_step(struct hl_progress *p, const char *what, double estimate_s);

/* Renames the current step (the configuration running now), keeping its
 * estimate and start; in bar mode the bar is redrawn at once. */
void hl_progress_rename(struct hl_progress *p, const char *what);

/* The current step ended: its estimate counts as done. */
void hl_progress_step_done(struct hl_progress *p);

/* One line of text (no newline needed) in lines and bar mode: in bar mode
 * it is printed above the bar. Nothing when quiet. */
void hl_progress_line(struct hl_progress *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Stops the redraw thread and clears the bar. Safe to call twice. */
void hl_progress_finish(struct hl_progress *p);

/* The bar's text for a job `fraction` done with left_s to go, into buf:
 * "[#####.....]  42%  fetch pthread:4  ~18 s left" (exposed for tests). */
void hl_progress_format_bar(char *buf, size_t size, double fraction, const char *what,
                            double left_s);

#endif
