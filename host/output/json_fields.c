#include "output/json_fields.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/interrupt.h"

/* The path of the current value: frames joined by '.', each "key" or
 * "key[i]". Built only when a message needs it, so a million tasks cost
 * no formatting. */
static void render_path(const struct hl_jf *rd, const char *key, char *buf, size_t size) {
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i <= rd->nframes && len < size; i++) {
        const char *k = i < rd->nframes ? rd->frames[i].key : key;
        long index = i < rd->nframes ? rd->frames[i].index : -1;
        if (k == NULL)
            continue;
        int n = snprintf(buf + len, size - len, "%s%s", len > 0 ? "." : "", k);
        len += n > 0 ? (size_t)n : 0;
        if (index >= 0 && len < size) {
            n = snprintf(buf + len, size - len, "[%ld]", index);
            len += n > 0 ? (size_t)n : 0;
        }
    }
}

static int fail_status(struct hl_jf *rd, enum hl_status status, const char *key, const char *what) {
    char path[256];
    render_path(rd, key, path, sizeof path);
    return hl_error_set(rd->err, status, "%s: %s%s%s", rd->file, path, path[0] != '\0' ? ": " : "",
                        what);
}

int hl_jf_fail(struct hl_jf *rd, const char *key, const char *fmt, ...) {
    char what[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return fail_status(rd, HL_ERR_USAGE, key, what);
}

int hl_jf_no_memory(struct hl_jf *rd) {
    return fail_status(rd, HL_ERR_RUNTIME, NULL, "cannot allocate memory to read it");
}

int hl_jf_next(struct hl_jf *rd, enum hl_jr_token *tok) {
    *tok = hl_json_reader_next(&rd->jr);
    if (*tok != HL_JR_ERROR)
        return 0;
    const struct hl_json_reader *jr = &rd->jr;
    if (jr->io_error) /* the file may be fine */
        return hl_error_set(rd->err, HL_ERR_RUNTIME, "%s: %s", rd->file, jr->error);
    return hl_error_set(rd->err, HL_ERR_USAGE, "%s: line %ld column %ld: not valid JSON: %s",
                        rd->file, jr->error_line, jr->error_column, jr->error);
}

/* The next token, which must be one of the scalars in `want` (a mask of
 * 1 << token); else "must be `what`". */
static int scalar(struct hl_jf *rd, unsigned want, const char *what, enum hl_jr_token *tok) {
    if (hl_jf_next(rd, tok) != 0)
        return -1;
    if ((want & (1u << *tok)) != 0)
        return 0;
    /* The value is not read: skip it so that nothing else is confused. */
    hl_json_reader_skip(&rd->jr, *tok);
    return hl_jf_fail(rd, NULL, "must be %s", what);
}

int hl_jf_int_or_null(struct hl_jf *rd, int64_t min, int64_t max, int64_t *out, bool *is_null) {
    enum hl_jr_token tok;
    unsigned want = 1u << HL_JR_INT | (is_null != NULL ? 1u << HL_JR_NULL : 0);
    if (scalar(rd, want, is_null != NULL ? "an integer or null" : "an integer", &tok) != 0)
        return -1;
    if (is_null != NULL)
        *is_null = tok == HL_JR_NULL;
    if (tok == HL_JR_NULL)
        return 0;
    if (rd->jr.i < min || rd->jr.i > max)
        return hl_jf_fail(rd, NULL, "%" PRId64 " is out of range (%" PRId64 " to %" PRId64 ")",
                          rd->jr.i, min, max);
    *out = rd->jr.i;
    return 0;
}

int hl_jf_int(struct hl_jf *rd, int64_t min, int64_t max, int64_t *out) {
    return hl_jf_int_or_null(rd, min, max, out, NULL);
}

int hl_jf_number(struct hl_jf *rd, bool nullable, double min, double max, double *out) {
    enum hl_jr_token tok;
    unsigned want = 1u << HL_JR_INT | 1u << HL_JR_REAL | (nullable ? 1u << HL_JR_NULL : 0);
    if (scalar(rd, want, nullable ? "a number or null" : "a number", &tok) != 0)
        return -1;
    if (tok == HL_JR_NULL) {
        *out = NAN;
        return 0;
    }
    double v = tok == HL_JR_INT ? (double)rd->jr.i : rd->jr.r;
    if (!(v >= min && v <= max))
        return hl_jf_fail(rd, NULL, "%g is out of range (%g to %g)", v, min, max);
    *out = v;
    return 0;
}

/* Times are seconds from a run's start on one clock, whole nanoseconds:
 * a value an hour long is plausible, a negative one or one past 1e9 s
 * (31 years) is not a time hetlane measured; a duration that cannot be
 * zero is at least 1 ns. The ends are closed so that what is accepted is
 * accepted again once written with 9 decimals. */
#define MAX_SECONDS 1e9
#define MIN_DURATION 1e-9

int hl_jf_seconds(struct hl_jf *rd, bool nullable, double *out) {
    double v = NAN;
    if (hl_jf_number(rd, nullable, -INFINITY, INFINITY, &v) != 0)
        return -1;
    if (!isnan(v) && !(v >= 0 && v <= MAX_SECONDS))
        return hl_jf_fail(rd, NULL, "%g s is out of range (0 to 1e9 s)", v);
    *out = v;
    return 0;
}

int hl_jf_positive_seconds(struct hl_jf *rd, bool nullable, double *out) {
    double v = NAN;
    if (hl_jf_number(rd, nullable, -INFINITY, INFINITY, &v) != 0)
        return -1;
    if (!isnan(v) && !(v >= MIN_DURATION && v <= MAX_SECONDS))
        return hl_jf_fail(rd, NULL, "%g s is out of range (1e-9 to 1e9 s: more than 0)", v);
    *out = v;
    return 0;
}

int hl_jf_bool(struct hl_jf *rd, bool *out) {
    enum hl_jr_token tok;
    if (scalar(rd, 1u << HL_JR_BOOL, "a boolean", &tok) != 0)
        return -1;
    *out = rd->jr.b;
    return 0;
}

int hl_jf_text(struct hl_jf *rd, bool nullable, char **out) {
    enum hl_jr_token tok;
    unsigned want = 1u << HL_JR_STRING | (nullable ? 1u << HL_JR_NULL : 0);
    if (scalar(rd, want, nullable ? "a string or null" : "a string", &tok) != 0)
        return -1;
    free(*out); /* a member read twice is refused later; never leak */
    *out = NULL;
    if (tok == HL_JR_NULL)
        return 0;
    *out = hl_strdup(rd->jr.str);
    return *out == NULL ? hl_jf_no_memory(rd) : 0;
}

int hl_jf_text_into(struct hl_jf *rd, bool nullable, char *buf, size_t size) {
    enum hl_jr_token tok;
    unsigned want = 1u << HL_JR_STRING | (nullable ? 1u << HL_JR_NULL : 0);
    if (scalar(rd, want, nullable ? "a string or null" : "a string", &tok) != 0)
        return -1;
    const char *s = tok == HL_JR_NULL ? "" : rd->jr.str;
    size_t len = strlen(s), keep = len < size ? len : size - 1;
    /* Cut whole characters only: the text stays UTF-8. */
    while (keep > 0 && keep < len && ((unsigned char)s[keep] & 0xc0) == 0x80)
        keep--;
    memcpy(buf, s, keep);
    buf[keep] = '\0';
    return 0;
}

int hl_jf_push(struct hl_jf *rd, const char *key) {
    if (rd->nframes == HL_JF_MAX_FRAMES)
        return hl_jf_fail(rd, key, "nested too deeply");
    rd->frames[rd->nframes].key = key;
    rd->frames[rd->nframes].index = -1;
    rd->nframes++;
    return 0;
}

void hl_jf_pop(struct hl_jf *rd) {
    rd->nframes--;
}

int hl_jf_object(struct hl_jf *rd, const struct hl_jf_field *fields, size_t nfields,
                 hl_jf_member_fn fn, void *ctx) {
    uint64_t seen = 0;
    for (;;) {
        enum hl_jr_token tok;
        if (hl_jf_next(rd, &tok) != 0)
            return -1;
        if (tok == HL_JR_OBJECT_END)
            break;
        size_t k = 0;
        while (k < nfields && strcmp(fields[k].name, rd->jr.str) != 0)
            k++;
        if (k == nfields) { /* not ours: read past it */
            if (hl_jf_next(rd, &tok) != 0 || hl_json_reader_skip(&rd->jr, tok) != 0)
                return hl_jf_next(rd, &tok); /* the reader's error */
            continue;
        }
        if ((seen & (1ull << k)) != 0)
            return hl_jf_fail(rd, fields[k].name, "appears twice");
        seen |= 1ull << k;
        if (hl_jf_push(rd, fields[k].name) != 0)
            return -1;
        int rc = fn(rd, k, ctx);
        rd->nframes--;
        if (rc != 0)
            return -1;
    }
    for (size_t k = 0; k < nfields; k++) {
        if (fields[k].required && (seen & (1ull << k)) == 0)
            return hl_jf_fail(rd, fields[k].name, "missing");
    }
    return 0;
}

int hl_jf_expect_object(struct hl_jf *rd, const struct hl_jf_field *fields, size_t nfields,
                        hl_jf_member_fn fn, void *ctx) {
    enum hl_jr_token tok;
    if (scalar(rd, 1u << HL_JR_OBJECT, "an object", &tok) != 0)
        return -1;
    return hl_jf_object(rd, fields, nfields, fn, ctx);
}

int hl_jf_element_object(struct hl_jf *rd, enum hl_jr_token tok, const struct hl_jf_field *fields,
                         size_t nfields, hl_jf_member_fn fn, void *ctx) {
    if (tok != HL_JR_OBJECT) {
        hl_json_reader_skip(&rd->jr, tok);
        return hl_jf_fail(rd, NULL, "must be an object");
    }
    return hl_jf_object(rd, fields, nfields, fn, ctx);
}

int hl_jf_array(struct hl_jf *rd, size_t max_len, hl_jf_element_fn fn, void *ctx) {
    enum hl_jr_token tok;
    if (scalar(rd, 1u << HL_JR_ARRAY, "an array", &tok) != 0)
        return -1;
    long *index = &rd->frames[rd->nframes - 1].index;
    for (size_t i = 0;; i++) {
        *index = -1;
        if (hl_jf_next(rd, &tok) != 0)
            return -1;
        if (tok == HL_JR_ARRAY_END)
            return 0;
        if (i == max_len)
            return hl_jf_fail(rd, NULL, "has more than %zu entries", max_len);
        *index = (long)i;
        if (fn(rd, tok, i, ctx) != 0)
            return -1;
    }
}

void *hl_jf_grow(void **array, size_t *cap, size_t count, size_t size) {
    if (count == *cap) {
        size_t want = *cap < 4 ? 4 : *cap * 2;
        void *grown = hl_realloc(*array, want * size);
        if (grown == NULL)
            return NULL;
        *array = grown;
        *cap = want;
    }
    char *slot = (char *)*array + count * size;
    memset(slot, 0, size);
    return slot;
}

static bool stop_requested(void) {
    return hl_interrupted() != 0;
}

int hl_jf_open_file(struct hl_jf *rd, const char *path, struct hl_error *err) {
    memset(rd, 0, sizeof *rd);
    rd->file = path;
    rd->err = err;
    int fd;
    do {
        fd = open(path, O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        int e = fd < 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : errno;
        if (fd >= 0)
            close(fd);
        return hl_error_errno(err, HL_ERR_USAGE, e, "cannot read %s", path);
    }
    if (hl_json_reader_open_fd(&rd->jr, fd, stop_requested) != 0) {
        close(fd);
        return hl_error_errno(err, HL_ERR_RUNTIME, ENOMEM, "cannot read %s", path);
    }
    return fd;
}
