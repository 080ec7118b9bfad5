#include "util/json_writer.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "util/utf8.h"

void hl_json_init(struct hl_json *j, FILE *out) {
    j->out = out;
    j->depth = 0;
    j->need_comma[0] = false;
    j->after_key = false;
}

/* Separates a value from the previous one unless it follows a key. */
static void before_value(struct hl_json *j) {
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->need_comma[j->depth])
        fputc(',', j->out);
    j->need_comma[j->depth] = true;
}

static void open_scope(struct hl_json *j, char c) {
    before_value(j);
    fputc(c, j->out);
    if (j->depth + 1 < HL_JSON_MAX_DEPTH)
        j->depth++;
    j->need_comma[j->depth] = false;
}

static void close_scope(struct hl_json *j, char c) {
    if (j->depth > 0)
        j->depth--;
    fputc(c, j->out);
}

void hl_json_object_begin(struct hl_json *j) {
    open_scope(j, '{');
}

void hl_json_object_end(struct hl_json *j) {
    close_scope(j, '}');
}

void hl_json_array_begin(struct hl_json *j) {
    open_scope(j, '[');
}

void hl_json_array_end(struct hl_json *j) {
    close_scope(j, ']');
}

/* JSON text is UTF-8 (RFC 8259, section 8.1): a byte that does not start
 * a well-formed character is written as \ufffd, the replacement
 * character (util/utf8.h), so a string from outside (a --url with raw
 * bytes) can never make the file invalid. */
static void write_escaped(FILE *out, const char *s) {
    fputc('"', out);
    const char *end = s + strlen(s);
    for (const char *p = s; p < end; p++) {
        unsigned char c = (unsigned char)*p;
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (c < 0x20) {
                fprintf(out, "\\u%04x", c);
            } else if (c < 0x80) {
                fputc(c, out);
            } else {
                size_t n = hl_utf8_char_at(p, (size_t)(end - p));
                if (n == 0) {
                    fputs("\\ufffd", out);
                } else {
                    fwrite(p, 1, n, out);
                    p += n - 1;
                }
            }
        }
    }
    fputc('"', out);
}

void hl_json_key(struct hl_json *j, const char *key) {
    before_value(j);
    write_escaped(j->out, key);
    fputc(':', j->out);
    j->after_key = true;
}

void hl_json_string(struct hl_json *j, const char *s) {
    if (s == NULL) {
        hl_json_null(j);
        return;
    }
    before_value(j);
    write_escaped(j->out, s);
}

void hl_json_int(struct hl_json *j, int64_t v) {
    before_value(j);
    fprintf(j->out, "%" PRId64, v);
}

void hl_json_fixed(struct hl_json *j, double v, int digits) {
    if (!isfinite(v)) {
        hl_json_null(j);
        return;
    }
    before_value(j);
    fprintf(j->out, "%.*f", digits, v);
}

void hl_json_real(struct hl_json *j, double v) {
    if (!isfinite(v)) {
        hl_json_null(j);
        return;
    }
    before_value(j);
    /* -0 would read back as the integer 0 and be written "0" next time:
     * write it as 0 now, so a written file reads back to the same text. */
    fprintf(j->out, "%.17g", v == 0 ? 0.0 : v);
}

void hl_json_ns_as_seconds(struct hl_json *j, int64_t ns) {
    before_value(j);
    uint64_t mag = ns < 0 ? 0 - (uint64_t)ns : (uint64_t)ns; /* INT64_MIN too */
    fprintf(j->out, "%s%" PRIu64 ".%09" PRIu64, ns < 0 ? "-" : "", mag / 1000000000u,
            mag % 1000000000u);
}

void hl_json_bool(struct hl_json *j, bool v) {
    before_value(j);
    fputs(v ? "true" : "false", j->out);
}

void hl_json_null(struct hl_json *j) {
    before_value(j);
    fputs("null", j->out);
}
