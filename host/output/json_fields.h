/* The machinery of the results.json reader (results_json_read.c): typed
 * values with their ranges, objects as tables of known members, arrays,
 * all over the streaming reader of util/json_reader.h, and errors that
 * name the file and the JSON path of the value
 * ("FILE: experiments[0].configs[2].runs[0].tasks[7].end_s: what").
 *
 * Every function reads the next value (or the rest of an object) and
 * returns 0, or -1 with rd->err filled: a usage error for a document that
 * is not what hetlane writes, a runtime error for a read error, memory
 * running out or an interrupt. After -1 the document is abandoned. */
#ifndef HL_OUTPUT_JSON_FIELDS_H
#define HL_OUTPUT_JSON_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"
#include "util/json_reader.h"

#define HL_JF_MAX_FRAMES 16

struct hl_jf {
    const char *file; /* names the document in messages */
    struct hl_error *err;
    struct hl_json_reader jr;
    struct {
        const char *key; /* a member's name; lives as long as the frame */
        long index;      /* >= 0: key[index] */
    } frames[HL_JF_MAX_FRAMES];
    int nframes;
};

/* A member of an object: its name, and whether it must be there. */
struct hl_jf_field {
    const char *name;
    bool required;
};

/* Reads the value of member k (fields[k]) into ctx. */
typedef int (*hl_jf_member_fn)(struct hl_jf *rd, size_t k, void *ctx);

/* Reads element `index` of an array; `tok` is its first token. */
typedef int (*hl_jf_element_fn)(struct hl_jf *rd, enum hl_jr_token tok, size_t index, void *ctx);

/* Opens path for reading (rd->file = path, rd->err = err), the reader
 * stopping at an interrupt. Returns the descriptor, which the caller
 * closes after hl_json_reader_close(&rd->jr); or -1 with err filled (a
 * usage error for a path that cannot be read or is a directory, a
 * runtime error without memory). */
int hl_jf_open_file(struct hl_jf *rd, const char *path, struct hl_error *err);

/* A usage error at the current path (and `key` under it, when not NULL). */
__attribute__((format(printf, 3, 4))) int hl_jf_fail(struct hl_jf *rd, const char *key,
                                                     const char *fmt, ...);

/* A runtime error: no memory to hold what was read. */
int hl_jf_no_memory(struct hl_jf *rd);

/* The next token, or -1 with the reader's problem as the error. */
int hl_jf_next(struct hl_jf *rd, enum hl_jr_token *tok);

/* Member values. Ranges are inclusive; a number outside gives "V is out
 * of range (MIN to MAX)". nullable: null is accepted (NAN, NULL, or the
 * null flag set). */
int hl_jf_int(struct hl_jf *rd, int64_t min, int64_t max, int64_t *out);
int hl_jf_int_or_null(struct hl_jf *rd, int64_t min, int64_t max, int64_t *out, bool *is_null);
int hl_jf_number(struct hl_jf *rd, bool nullable, double min, double max, double *out);
/* Seconds in [0, 1e9]: task and phase times, CPU time, setup time. */
int hl_jf_seconds(struct hl_jf *rd, bool nullable, double *out);
/* Seconds in [1e-9, 1e9]: a duration that cannot be zero (wall time). */
int hl_jf_positive_seconds(struct hl_jf *rd, bool nullable, double *out);
int hl_jf_bool(struct hl_jf *rd, bool *out);
/* A string, copied into *out (owned; NULL for null when nullable). */
int hl_jf_text(struct hl_jf *rd, bool nullable, char **out);
/* A string into buf (cut to size at a character boundary). */
int hl_jf_text_into(struct hl_jf *rd, bool nullable, char *buf, size_t size);

/* Names the value about to be read `key` in messages (key must outlive
 * the frame); hl_jf_pop drops the name. -1 when nested too deeply. */
int hl_jf_push(struct hl_jf *rd, const char *key);
void hl_jf_pop(struct hl_jf *rd);

/* Reads an object whose OBJECT token was just read: each known member
 * through fn (an unknown one is skipped), a member that appears twice or
 * a required one that is missing is an error. */
int hl_jf_object(struct hl_jf *rd, const struct hl_jf_field *fields, size_t nfields,
                 hl_jf_member_fn fn, void *ctx);

/* Reads the next value as an object (else "must be an object"). */
int hl_jf_expect_object(struct hl_jf *rd, const struct hl_jf_field *fields, size_t nfields,
                        hl_jf_member_fn fn, void *ctx);

/* Reads the next value, a member's, as an array of at most max_len
 * elements, each through fn; messages name them MEMBER[i]. */
int hl_jf_array(struct hl_jf *rd, size_t max_len, hl_jf_element_fn fn, void *ctx);

/* An element that must be an object; for hl_jf_element_fn's that read one. */
int hl_jf_element_object(struct hl_jf *rd, enum hl_jr_token tok, const struct hl_jf_field *fields,
                         size_t nfields, hl_jf_member_fn fn, void *ctx);

/* Grows *array (of *cap elements of `size` bytes) to hold one more than
 * *count, doubling. Returns the new element (zeroed), or NULL. */
void *hl_jf_grow(void **array, size_t *cap, size_t count, size_t size);

#endif
