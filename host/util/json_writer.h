/* A small streaming JSON writer: results can hold a million task records,
 * so they are written as they are walked instead of built as a tree
 * (jansson would need several allocations per record). Only what
 * results.json needs: objects, arrays, strings, integers, doubles, bools
 * and null, with commas and string escaping handled here. */
#ifndef HL_UTIL_JSON_WRITER_H
#define HL_UTIL_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define HL_JSON_MAX_DEPTH 16

struct hl_json {
    FILE *out;
    int depth;
    bool need_comma[HL_JSON_MAX_DEPTH];
    bool after_key;
};

void hl_json_init(struct hl_json *j, FILE *out);
void hl_json_object_begin(struct hl_json *j);
void hl_json_object_end(struct hl_json *j);
void hl_json_array_begin(struct hl_json *j);
void hl_json_array_end(struct hl_json *j);
/* Writes "key": ; the next value call writes its value. */
void hl_json_key(struct hl_json *j, const char *key);
void hl_json_string(struct hl_json *j, const char *s); /* NULL writes null */
void hl_json_int(struct hl_json *j, int64_t v);
/* Non-finite values are written as null (JSON has no NaN). `digits` is
 * the number of decimals (seconds with 9 decimals keep nanoseconds). */
void hl_json_fixed(struct hl_json *j, double v, int digits);
void hl_json_real(struct hl_json *j, double v); /* %.17g: round-trips */
/* Whole nanoseconds as seconds with 9 decimals, exactly at any magnitude
 * (a double holds whole nanoseconds only up to 2^53, about 104 days). */
void hl_json_ns_as_seconds(struct hl_json *j, int64_t ns);
void hl_json_bool(struct hl_json *j, bool v);
void hl_json_null(struct hl_json *j);

#endif
