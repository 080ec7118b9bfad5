#include "commands/progress.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/timing.h"

#define BAR_WIDTH 24
#define REDRAW_MS 250

enum hl_progress_mode hl_progress_mode_for(FILE *out, bool quiet) {
    if (quiet)
        return HL_PROGRESS_NONE;
    const char *term = getenv("TERM");
    if (isatty(fileno(out)) && !(term != NULL && strcmp(term, "dumb") == 0))
        return HL_PROGRESS_BAR;
    return HL_PROGRESS_LINES;
}

/* Writes all of buf, retrying on EINTR; progress is best effort, so a
 * write error only ends this write. */
static void write_all(int fd, const char *buf, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        buf += n;
        len -= (size_t)n;
    }
}

void hl_progress_format_bar(char *buf, size_t size, double fraction, const char *what,
                            double left_s) {
    fraction = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
    char bar[BAR_WIDTH + 1];
    int filled = (int)(fraction * BAR_WIDTH + 0.5);
    for (int i = 0; i < BAR_WIDTH; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[BAR_WIDTH] = '\0';
    char left[32];
    if (left_s >= 59.5)
        snprintf(left, sizeof left, "~%d min %02d s left", (int)(left_s + 0.5) / 60,
                 (int)(left_s + 0.5) % 60);
    else
        snprintf(left, sizeof left, "~%.0f s left", left_s < 0 ? 0 : left_s);
    snprintf(buf, size, "[%s] %3.0f%%  %-24.24s  %s", bar, fraction * 100, what, left);
}

/* Estimated seconds done and left now; the caller holds the lock. The
 * current step counts as far as its elapsed time, never past its
 * estimate: a step that overruns shows "~0 s left" for it, not less. */
static void estimate(const struct hl_progress *p, double *done, double *left) {
    double in_step = (double)(hl_now_ns() - p->step_start_ns) * 1e-9;
    if (in_step > p->step_s)
        in_step = p->step_s;
    *done = p->done_s + in_step;
    *left = p->total_s - *done;
}

/* Redraws the bar in place; the caller holds the lock. */
static void draw(struct hl_progress *p) {
    double done, left;
    estimate(p, &done, &left);
    char bar[150], line[160];
    hl_progress_format_bar(bar, sizeof bar, p->total_s > 0 ? done / p->total_s : 0, p->what, left);
    /* \033[K clears what a longer bar left behind. */
    int len = snprintf(line, sizeof line, "\r%s\033[K", bar);
    write_all(p->fd, line, len > 0 && (size_t)len < sizeof line ? (size_t)len : strlen(line));
    p->bar_shown = true;
}

static void clear_bar(struct hl_progress *p) {
    if (p->bar_shown)
        write_all(p->fd, "\r\033[K", 4);
    p->bar_shown = false;
}

static void *ticker_main(void *arg) {
    struct hl_progress *p = arg;
    pthread_mutex_lock(&p->lock);
    while (!p->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += REDRAW_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&p->wake, &p->lock, &until);
        if (!p->stop)
            draw(p);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

void hl_progress_start(struct hl_progress *p, FILE *out, enum hl_progress_mode mode,
                       double total_s) {
    memset(p, 0, sizeof *p);
    p->mode = mode;
    p->fd = fileno(out);
    p->total_s = total_s;
    p->step_start_ns = hl_now_ns();
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->wake, NULL);
    if (mode == HL_PROGRESS_BAR)
        p->ticking = pthread_create(&p->ticker, NULL, ticker_main, p) == 0;
}

void hl_progress_step(struct hl_progress *p, const char *what, double estimate_s) {
    pthread_mutex_lock(&p->lock);
    snprintf(p->what, sizeof p->what, "%s", what);
    p->step_s = estimate_s;
    p->step_start_ns = hl_now_ns();
    if (p->mode == HL_PROGRESS_BAR)
        draw(p);
    pthread_mutex_unlock(&p->lock);
}

void hl_progress_rename(struct hl_progress *p, const char *what) {
    if (p->mode != HL_PROGRESS_BAR)
        return; /* only the bar shows it */
    pthread_mutex_lock(&p->lock);
    if (strcmp(p->what, what) != 0) {
        snprintf(p->what, sizeof p->what, "%s", what);
        draw(p);
    }
    pthread_mutex_unlock(&p->lock);
}

void hl_progress_step_done(struct hl_progress *p) {
    pthread_mutex_lock(&p->lock);
    p->done_s += p->step_s;
    p->step_s = 0;
    p->step_start_ns = hl_now_ns();
    pthread_mutex_unlock(&p->lock);
}

void hl_progress_line(struct hl_progress *p, const char *fmt, ...) {
    if (p->mode == HL_PROGRESS_NONE)
        return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    size_t len = n < 0 ? 0 : (size_t)n < sizeof line - 1 ? (size_t)n : sizeof line - 2;
    line[len++] = '\n';
    line[len] = '\0';
    pthread_mutex_lock(&p->lock);
    clear_bar(p);
    write_all(p->fd, line, len);
    if (p->mode == HL_PROGRESS_BAR)
        draw(p);
    pthread_mutex_unlock(&p->lock);
}

void hl_progress_finish(struct hl_progress *p) {
    pthread_mutex_lock(&p->lock);
    bool join = p->ticking;
    p->stop = true;
    p->ticking = false;
    pthread_cond_signal(&p->wake);
    pthread_mutex_unlock(&p->lock);
    if (join)
        pthread_join(p->ticker, NULL);
    pthread_mutex_lock(&p->lock);
    clear_bar(p);
    pthread_mutex_unlock(&p->lock);
}
