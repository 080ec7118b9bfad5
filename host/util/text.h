/* Small text helpers for terminal output. */
#ifndef HL_UTIL_TEXT_H
#define HL_UTIL_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Prints each line of `text`: the first after `first_prefix`, the others
 * after `indent` (a build log under the config it belongs to). */
void hl_print_lines(FILE *out, const char *first_prefix, const char *indent, const char *text);

/* Seconds in the unit that keeps them readable ("812.4 us", "7.323 ms",
 * "6.007 s"; "-" for NAN) into buf; returns buf. */
const char *hl_format_seconds(char *buf, size_t size, double s);

/* One unit for a column of times: values up to the column's largest
 * read in s, ms or us, with as many decimals (1 to 6) as its smallest
 * needs for three significant digits. */
struct hl_time_unit {
    const char *name; /* "ms" */
    double scale;     /* seconds * scale = value in the unit */
    int decimals;
};

/* The unit for times from min_s to max_s (NAN ones are ignored; all NAN:
 * ms with 3 decimals). */
struct hl_time_unit hl_time_unit_for(double min_s, double max_s);

/* s in unit u without the unit ("3.293"; "-" for NAN) into buf; returns buf. */
const char *hl_format_in_unit(char *buf, size_t size, double s, struct hl_time_unit u);

/* "3 counted runs after 1 warm-up", "1 counted run, no warm-up", "5
 * counted runs after 2 warm-ups" into buf; returns buf. */
const char *hl_format_runs(char *buf, size_t size, int runs, int warmup);

#endif
