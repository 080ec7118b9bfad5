/* The Noise claim: how the runs were repeated, how far each
 * configuration's median can be trusted, which configurations were noisy
 * (model/noise.h's flags) and what that means for the other claims. */
#include <math.h>
#include <stdio.h>

#include "model/noise.h"
#include "report/report_say.h"

/* " serial, pthread:1 and fork:2" of the configs for which `pick` holds;
 * returns how many there were. */
static size_t say_list(struct hl_say *t, const struct hl_experiment_result *e,
                       bool (*pick)(const struct hl_config_result *)) {
    size_t total = 0, k = 0;
    for (size_t i = 0; i < e->nconfigs; i++)
        total += pick(&e->configs[i]);
    for (size_t i = 0; i < e->nconfigs; i++) {
        if (!pick(&e->configs[i]))
            continue;
        hl_say(t, "%s%s", k == 0 ? "" : k + 1 == total ? " and " : ", ", e->configs[i].label);
        k++;
    }
    return total;
}

static bool ran_once(const struct hl_config_result *c) {
    return hl_say_usable(c) && c->nruns == 1;
}

static bool narrow(const struct hl_config_result *c) {
    struct hl_noise n = hl_config_noise(c);
    return hl_say_usable(c) && c->nruns > 1 &&
           hl_interval_narrow(n.median_ci, c->wall_s.median, HL_NOISE_TARGET, HL_NOISE_CONFIDENCE);
}

/* Too few runs for a 95% interval (min..max of fewer than 6 covers less). */
static bool few(const struct hl_config_result *c) {
    return hl_say_usable(c) && c->nruns > 1 && c->nruns < HL_NOISE_MIN_RUNS_95;
}

static bool wide(const struct hl_config_result *c) {
    return hl_say_usable(c) && c->nruns >= HL_NOISE_MIN_RUNS_95 && !narrow(c);
}

/* The noisy configs with why: "pthread:1 (slowest run 4.04x the fastest,
 * 2 outliers (1.5 IQR rule))". Returns how many. */
static size_t say_flagged(struct hl_say *t, const struct hl_experiment_result *e) {
    size_t k = 0;
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        struct hl_noise n = hl_config_noise(c);
        if (!hl_say_usable(c) || !n.flagged)
            continue;
        char why[160];
        hl_noise_flag_text(&n, why, sizeof why);
        hl_say(t, "%s%s (%s)", k++ == 0 ? "" : "; ", c->label, why);
    }
    return k;
}

void hl_claim_noise(const struct hl_results *r, const struct hl_experiment_result *e,
                    struct hl_claims *out) {
    struct hl_say t = {0};
    char how[256];
    hl_runs_text(r, e, how, sizeof how);
    size_t usable = 0;
    for (size_t i = 0; i < e->nconfigs; i++)
        usable += hl_say_usable(&e->configs[i]);
    if (usable == 0)
        return;
    hl_say(&t, "Repetitions: %s, interleaved round-robin across the configurations.", how);
    struct hl_say list = {0};
    size_t n = say_list(&list, e, narrow);
    if (n > 0)
        hl_say(&t, " The median's %.0f%% interval was within %.0f%% of it for %s.",
               HL_NOISE_CONFIDENCE * 100, HL_NOISE_TARGET * 100, list.buf);
    list = (struct hl_say){0};
    n = say_list(&list, e, wide);
    if (n > 0)
        hl_say(&t, " It stayed wider for %s: %s less certain.", list.buf,
               n == 1 ? "its median is" : "their medians are");
    list = (struct hl_say){0};
    n = say_list(&list, e, few);
    if (n > 0)
        hl_say(&t,
               " %s made from 2 to %d runs, too few for a %.0f%% interval (that takes %d): "
               "their fastest to slowest run is what stands for one.",
               list.buf, HL_NOISE_MIN_RUNS_95 - 1, HL_NOISE_CONFIDENCE * 100, HL_NOISE_MIN_RUNS_95);
    list = (struct hl_say){0};
    n = say_list(&list, e, ran_once);
    if (n > 0)
        hl_say(&t,
               " %s ran once (a run took longer than the time budget), so %s noise is unknown "
               "and what is said of %s rests on one run.",
               list.buf, n == 1 ? "its" : "their", n == 1 ? "it" : "them");
    list = (struct hl_say){0};
    n = say_flagged(&list, e);
    if (n > 0)
        hl_say(&t,
               " Noisy (slowest run over %.1fx the fastest, or outliers): %s. The machine "
               "disturbed these runs, so a win or loss involving %s is claimed above only "
               "where all of its runs, fastest to slowest, stay clear of the other's; "
               "otherwise it is said to be within the noise.",
               HL_NOISE_SPREAD_MAX, list.buf, n == 1 ? "it" : "them");
    else
        hl_say(&t,
               " No configuration was noisy: every slowest run was within %.1fx of its "
               "fastest, with no outlier.",
               HL_NOISE_SPREAD_MAX);
    hl_say_add(out, HL_CLAIM_NOISE, &t);
}
