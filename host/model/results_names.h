/* File names derived from a results model: the charts (plot/) and the
 * report that shows them (report_*.c) agree on them through this file. */
#ifndef HL_RESULTS_NAMES_H
#define HL_RESULTS_NAMES_H

#include <stddef.h>

#include "model/results.h"

/* Copies s keeping [A-Za-z0-9._-] and turning anything else into '-', so
 * "pthread:2" names the file "pthread-2": no colons or slashes in file
 * names. A leading '.' or '-' (a hidden file, or one a shell takes for an
 * option) becomes '_', and so does an empty name. Truncates to size. */
void hl_results_file_part(const char *s, char *buf, size_t size);

/* The file name prefix of experiment i of r: its workload's file part,
 * with "-2", "-3" for the second and third experiment of that workload. */
void hl_results_experiment_prefix(const struct hl_results *r, size_t i, char *buf, size_t size);

/* The file name part of configuration c of e: its label's file part, with
 * "-2", "-3" for the second and third configuration with the same one. */
void hl_results_config_part(const struct hl_experiment_result *e, size_t c, char *buf, size_t size);

#endif
