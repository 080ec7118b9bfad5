#include "report/report_say.h"

#include <stdarg.h>
#include <stdio.h>

#include "model/noise.h"
#include "util/text.h"

void hl_say(struct hl_say *t, const char *fmt, ...) {
    if (t->len + 1 >= sizeof t->buf)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, sizeof t->buf - t->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len = t->len + (size_t)n < sizeof t->buf ? t->len + (size_t)n : sizeof t->buf - 1;
}

void hl_say_add(struct hl_claims *out, enum hl_claim_topic topic, const struct hl_say *t) {
    if (out->n >= HL_CLAIMS_MAX || t->len == 0)
        return;
    out->items[out->n].topic = topic;
    snprintf(out->items[out->n].text, sizeof out->items[out->n].text, "%s", t->buf);
    out->n++;
}

void hl_say_fact(struct hl_claims *out, enum hl_claim_topic topic,
                 const struct hl_comparison *cmp) {
    if (out->nfacts >= HL_CLAIM_FACTS_MAX || cmp->a == NULL || cmp->b == NULL ||
        cmp->verdict == HL_VERDICT_UNKNOWN)
        return;
    out->facts[out->nfacts++] = (struct hl_claim_fact){topic, cmp->a, cmp->b, cmp->verdict};
}

const char *hl_say_median(const struct hl_config_result *c) {
    static _Thread_local char bufs[8][24];
    static _Thread_local int next;
    next = (next + 1) % 8;
    return hl_format_seconds(bufs[next], sizeof bufs[next], c->wall_s.median);
}

const char *hl_say_interval(const struct hl_config_result *c) {
    static _Thread_local char bufs[4][64];
    static _Thread_local int next;
    next = (next + 1) % 4;
    struct hl_noise n = hl_config_noise(c);
    char lo[24], hi[24];
    if (c->nruns < 2 || !n.known)
        snprintf(bufs[next], sizeof bufs[next], "one run");
    else if (n.flagged) /* judged by all its runs (report_analysis.h) */
        snprintf(bufs[next], sizeof bufs[next], "noisy, runs from %s to %s",
                 hl_format_seconds(lo, sizeof lo, c->wall_s.min),
                 hl_format_seconds(hi, sizeof hi, c->wall_s.max));
    else
        snprintf(bufs[next], sizeof bufs[next], "%.0f%% interval %s to %s", n.median_ci.level * 100,
                 hl_format_seconds(lo, sizeof lo, n.median_ci.lo),
                 hl_format_seconds(hi, sizeof hi, n.median_ci.hi));
    return bufs[next];
}

bool hl_say_usable(const struct hl_config_result *c) {
    return c->verified && c->nruns > 0 && c->wall_s.median > 0;
}
