/* The field access every part of the results.json reader shares: typed
 * fields, the JSON path of what is being read, and errors that name it. */
#include "output/json_reader.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"

/* Sets the error (status) for the field `key` under the current path. */
int hl_jr_fail_as(struct hl_json_reader *rd, enum hl_status status, const char *key,
                  const char *what) {
    hl_error_set(rd->err, status, "%s: %s%s%s: %s", rd->file, rd->path,
                 rd->path[0] != '\0' && key != NULL ? "." : "", key != NULL ? key : "", what);
    return -1;
}

/* A file that is not what hetlane writes: a usage error. */
int hl_jr_fail(struct hl_json_reader *rd, const char *key, const char *fmt, ...) {
    char what[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return hl_jr_fail_as(rd, HL_ERR_USAGE, key, what);
}

/* No memory to hold what was read: a runtime error, the file may be fine. */
int hl_jr_no_memory(struct hl_json_reader *rd, const char *key) {
    return hl_jr_fail_as(rd, HL_ERR_RUNTIME, key, "cannot allocate memory to read it");
}

/* Appends ".key" or "[i]" to the path; returns the old length to restore. */
size_t hl_jr_path_push(struct hl_json_reader *rd, const char *key, long index) {
    size_t len = strlen(rd->path);
    if (index >= 0)
        snprintf(rd->path + len, sizeof rd->path - len, "%s%s[%ld]", len > 0 ? "." : "", key,
                 index);
    else
        snprintf(rd->path + len, sizeof rd->path - len, "%s%s", len > 0 ? "." : "", key);
    return len;
}

void hl_jr_path_pop(struct hl_json_reader *rd, size_t len) {
    rd->path[len] = '\0';
}

json_t *hl_jr_field(struct hl_json_reader *rd, json_t *obj, const char *key, json_type type) {
    json_t *v = json_object_get(obj, key);
    if (v == NULL) {
        hl_jr_fail(rd, key, "missing");
        return NULL;
    }
    bool ok = json_typeof(v) == type || (type == JSON_REAL && json_is_integer(v)) ||
              (type == JSON_TRUE && json_is_boolean(v));
    if (!ok) {
        const char *const names[] = {"an object", "an array",  "a string",  "an integer",
                                     "a number",  "a boolean", "a boolean", "null"};
        hl_jr_fail(rd, key, "must be %s", names[type]);
        return NULL;
    }
    return v;
}

int hl_jr_get_int(struct hl_json_reader *rd, json_t *obj, const char *key, int64_t min, int64_t max,
                  int64_t *out) {
    json_t *v = hl_jr_field(rd, obj, key, JSON_INTEGER);
    if (v == NULL)
        return -1;
    json_int_t i = json_integer_value(v);
    if (i < min || i > max)
        return hl_jr_fail(rd, key, "%lld is out of range", (long long)i);
    *out = i;
    return 0;
}

/* A number, or null for "not measured" (NAN) when nullable. */
int hl_jr_get_real(struct hl_json_reader *rd, json_t *obj, const char *key, bool nullable,
                   double *out) {
    json_t *v = json_object_get(obj, key);
    if (nullable && json_is_null(v)) {
        *out = NAN;
        return 0;
    }
    v = hl_jr_field(rd, obj, key, JSON_REAL);
    if (v == NULL)
        return -1;
    *out = json_number_value(v);
    return 0;
}

int hl_jr_get_seconds_ns(struct hl_json_reader *rd, json_t *obj, const char *key, int64_t *out) {
    double s;
    if (hl_jr_get_real(rd, obj, key, false, &s) != 0)
        return -1;
    if (!(fabs(s) < 1e9))
        return hl_jr_fail(rd, key, "time %g s is out of range", s);
    *out = llround(s * 1e9);
    return 0;
}

int hl_jr_get_bool(struct hl_json_reader *rd, json_t *obj, const char *key, bool *out) {
    json_t *v = hl_jr_field(rd, obj, key, JSON_TRUE);
    if (v == NULL)
        return -1;
    *out = json_is_true(v);
    return 0;
}

/* A string or null; *out is a new copy or NULL. */
int hl_jr_get_text(struct hl_json_reader *rd, json_t *obj, const char *key, bool nullable,
                   char **out) {
    json_t *v = json_object_get(obj, key);
    if (nullable && (v == NULL || json_is_null(v))) {
        *out = NULL;
        return 0;
    }
    v = hl_jr_field(rd, obj, key, JSON_STRING);
    if (v == NULL)
        return -1;
    *out = hl_strdup(json_string_value(v));
    return *out == NULL ? hl_jr_no_memory(rd, key) : 0;
}

json_t *hl_jr_get_array(struct hl_json_reader *rd, json_t *obj, const char *key, size_t max_len) {
    json_t *v = hl_jr_field(rd, obj, key, JSON_ARRAY);
    if (v != NULL && json_array_size(v) > max_len) {
        hl_jr_fail(rd, key, "has %zu entries, at most %zu allowed", json_array_size(v), max_len);
        return NULL;
    }
    return v;
}

json_t *hl_jr_array_object(struct hl_json_reader *rd, json_t *arr, const char *key, size_t i) {
    json_t *v = json_array_get(arr, i);
    if (!json_is_object(v)) {
        char name[64];
        snprintf(name, sizeof name, "%s[%zu]", key, i);
        hl_jr_fail(rd, name, "must be an object");
        return NULL;
    }
    return v;
}
