/* The roofline's verdicts as the report words them: what bound a
 * configuration, with the ceiling, its value, the fraction reached and
 * the start-up floor (model/roofline.h has the rules; report_claims.c
 * puts the sentences in the "Bound" and "OpenCL" claims). */
#ifndef HL_REPORT_ROOFLINE_H
#define HL_REPORT_ROOFLINE_H

#include <stddef.h>

#include "model/results.h"
#include "model/roofline.h"

/* The sentence for placed point p of experiment e into buf, its
 * class first ("Memory-bound: pthread:16 reached 54% of the 141.2 GB/s
 * copy ceiling of 16 threads ..."); `capital` starts it with a capital.
 * A point no measured ceiling limits says what its intensity alone
 * allows. Cut to size; never fails. */
void hl_roofline_sentence(const struct hl_experiment_result *e, const struct hl_roof_point *p,
                          char *buf, size_t size);

/* What the intensity alone says about experiment e when nothing of it
 * could be placed against a measured ceiling (results from before hetlane
 * measured them): which bounds are possible, never a class the numbers do
 * not give. Cut to size; never fails. */
void hl_roofline_intensity_sentence(const struct hl_experiment_result *e, char *buf, size_t size);

/* "1 multiply per 16 bytes", "1 add and no memory traffic" into buf. */
void hl_roofline_intensity_text(const struct hl_intensity *in, double bytes, char *buf,
                                size_t size);

#endif
