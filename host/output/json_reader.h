/* results.json reading, the shared part: a reader that knows the file
 * and the JSON path of the field being read, typed getters that fail with
 * "FILE: PATH.key: what is wrong", and the path bookkeeping. Used by the
 * reader's parts (results_json_read.c, results_json_noise.c) only. */
#ifndef HL_OUTPUT_JSON_READER_H
#define HL_OUTPUT_JSON_READER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

struct hl_json_reader {
    const char *file;
    struct hl_error *err;
    char path[256];
};

/* Each returns -1 with the reader's error set (a usage error: the file is
 * not what hetlane writes; a runtime one when memory ran out), else 0. */

/* Sets the error (status) for the field `key` under the current path. */
int hl_jr_fail_as(struct hl_json_reader *rd, enum hl_status status, const char *key,
                  const char *what);

/* A field that is not what hetlane writes: a usage error. */
__attribute__((format(printf, 3, 4))) int hl_jr_fail(struct hl_json_reader *rd, const char *key,
                                                     const char *fmt, ...);

/* No memory to hold what was read: a runtime error, the file may be fine. */
int hl_jr_no_memory(struct hl_json_reader *rd, const char *key);

/* Appends ".key" or "[i]" (index >= 0) to the path; returns the old
 * length, which hl_jr_path_pop restores. */
size_t hl_jr_path_push(struct hl_json_reader *rd, const char *key, long index);
void hl_jr_path_pop(struct hl_json_reader *rd, size_t len);

/* obj[key] when it has `type` (JSON_REAL accepts integers, JSON_TRUE
 * either boolean), else NULL with the error set. */
json_t *hl_jr_field(struct hl_json_reader *rd, json_t *obj, const char *key, json_type type);

/* Typed fields. get_real: null reads as NAN when nullable. get_text: a
 * new copy, or NULL for null when nullable. get_seconds_ns: seconds to
 * whole nanoseconds. */
int hl_jr_get_int(struct hl_json_reader *rd, json_t *obj, const char *key, int64_t min, int64_t max,
                  int64_t *out);
int hl_jr_get_real(struct hl_json_reader *rd, json_t *obj, const char *key, bool nullable,
                   double *out);
int hl_jr_get_seconds_ns(struct hl_json_reader *rd, json_t *obj, const char *key, int64_t *out);
int hl_jr_get_bool(struct hl_json_reader *rd, json_t *obj, const char *key, bool *out);
int hl_jr_get_text(struct hl_json_reader *rd, json_t *obj, const char *key, bool nullable,
                   char **out);

/* An array of at most max_len entries, or NULL with the error set. */
json_t *hl_jr_get_array(struct hl_json_reader *rd, json_t *obj, const char *key, size_t max_len);

/* Entry i of arr, which must be an object (the error names key[i]). */
json_t *hl_jr_array_object(struct hl_json_reader *rd, json_t *arr, const char *key, size_t i);

#endif
