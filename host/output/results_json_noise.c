#include "output/results_json_noise.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/noise.h"

int hl_json_read_adaptive(struct hl_json_reader *rd, json_t *obj, struct hl_experiment_result *e) {
    json_t *a = json_object_get(json_object_get(obj, "settings"), "adaptive");
    if (a == NULL)
        return 0;
    size_t mark = hl_jr_path_push(rd, "settings", -1);
    size_t mark2 = hl_jr_path_push(rd, "adaptive", -1);
    int64_t lo = 0, hi = 0;
    int rc = 0;
    if (!json_is_object(a))
        rc = hl_jr_fail(rd, NULL, "must be an object");
    else if (hl_jr_get_int(rd, a, "min_runs", 1, INT32_MAX, &lo) != 0 ||
             hl_jr_get_int(rd, a, "max_runs", 1, INT32_MAX, &hi) != 0 ||
             hl_jr_get_real(rd, a, "budget_s", false, &e->adapt.budget_s) != 0 ||
             hl_jr_get_real(rd, a, "target", false, &e->adapt.target) != 0 ||
             hl_jr_get_real(rd, a, "confidence", false, &e->adapt.confidence) != 0)
        rc = -1;
    else if (hi < lo)
        rc = hl_jr_fail(rd, "max_runs", "is below min_runs");
    hl_jr_path_pop(rd, mark2);
    hl_jr_path_pop(rd, mark);
    e->adapt.min_runs = (int)lo;
    e->adapt.max_runs = (int)hi;
    e->adaptive = rc == 0;
    return rc;
}

int hl_json_read_noise(struct hl_json_reader *rd, json_t *obj, struct hl_config_result *c) {
    json_t *n = json_object_get(obj, "noise");
    if (n == NULL)
        return 0;
    size_t mark = hl_jr_path_push(rd, "noise", -1);
    struct hl_noise *out = &c->noise;
    int64_t made = 0, outliers = 0;
    char *stopped = NULL;
    json_t *ci = NULL;
    int rc = 0;
    if (!json_is_object(n) || hl_jr_get_int(rd, n, "runs_made", 0, INT32_MAX, &made) != 0 ||
        hl_jr_get_text(rd, n, "stopped", false, &stopped) != 0 ||
        (ci = hl_jr_field(rd, n, "median_ci", JSON_OBJECT)) == NULL ||
        hl_jr_get_real(rd, n, "max_over_min", true, &out->max_over_min) != 0 ||
        hl_jr_get_int(rd, n, "outliers", 0, INT32_MAX, &outliers) != 0 ||
        hl_jr_get_bool(rd, n, "flagged", &out->flagged) != 0) {
        rc = json_is_object(n) ? -1 : hl_jr_fail(rd, NULL, "must be an object");
    } else {
        size_t mark2 = hl_jr_path_push(rd, "median_ci", -1);
        rc = hl_jr_get_real(rd, ci, "lo", true, &out->median_ci.lo) != 0 ||
                     hl_jr_get_real(rd, ci, "hi", true, &out->median_ci.hi) != 0 ||
                     hl_jr_get_real(rd, ci, "level", false, &out->median_ci.level) != 0
                 ? -1
                 : 0;
        hl_jr_path_pop(rd, mark2);
    }
    if (rc == 0 && (size_t)made != c->nruns)
        rc = hl_jr_fail(rd, "runs_made", "is %lld, but the config has %zu runs", (long long)made,
                        c->nruns);
    if (rc == 0 && out->median_ci.lo > out->median_ci.hi)
        rc = hl_jr_fail(rd, "median_ci", "ends below its start");
    hl_jr_path_pop(rd, mark);
    c->stop = stopped != NULL ? hl_stop_from_name(stopped) : HL_STOP_UNKNOWN;
    free(stopped);
    out->outliers = (int)outliers;
    out->known = rc == 0;
    return rc;
}
