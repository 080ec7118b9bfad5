#include "util/parse.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

/* Enough for every int64 (19 digits) and the zeros an exponent adds. */
#define MAX_DIGITS 24

/* A number as written: its significant digits (leading zeros dropped) and
 * the power of ten they are scaled by. */
struct decimal {
    bool negative;
    char digits[MAX_DIGITS + 1];
    int ndigits;
    bool too_long; /* more significant digits than any int64 has */
    int exp10;
};

/* One digit, before the decimal point or after it (fraction). */
static void add_digit(struct decimal *d, char c, bool fraction) {
    d->exp10 -= fraction;
    if (d->ndigits == 0 && c == '0')
        return;
    if (d->ndigits < MAX_DIGITS)
        d->digits[d->ndigits++] = c;
    else if (c == '0')
        d->exp10++; /* a zero past the kept digits only scales them */
    else
        d->too_long = true;
}

/* The integer digits with optional separators: one kind throughout, each
 * between two digits; commas group by thousands. Returns the number of
 * characters read, 0 when the text does not start with a valid group. */
static size_t scan_integer(const char *s, struct decimal *d, const char **why) {
    size_t i = 0, group = 0, groups = 0;
    char sep = '\0';
    while (isdigit((unsigned char)s[i]) || s[i] == ',' || s[i] == '_') {
        if (isdigit((unsigned char)s[i])) {
            add_digit(d, s[i++], false);
            group++;
            continue;
        }
        if (group == 0 || (sep != '\0' && s[i] != sep) || !isdigit((unsigned char)s[i + 1]))
            return 0;
        sep = s[i++];
        /* Commas separate thousands: 1 to 3 digits, then threes. */
        if (sep == ',' && ((groups == 0 && group > 3) || (groups > 0 && group != 3))) {
            *why = "',' separates thousands, as in 12,000,000";
            return 0;
        }
        groups++;
        group = 0;
    }
    if (sep == ',' && group != 3) {
        *why = "',' separates thousands, as in 12,000,000";
        return 0;
    }
    return group > 0 ? i : 0;
}

/* Parses the whole text as [sign] integer [.digits] [e[sign]digits]. */
static bool scan_decimal(const char *text, struct decimal *d, const char **why) {
    memset(d, 0, sizeof *d);
    const char *p = text;
    if (*p == '-' || *p == '+')
        d->negative = *p++ == '-';
    size_t n = scan_integer(p, d, why);
    if (n == 0)
        return false;
    p += n;
    if (*p == '.') {
        if (!isdigit((unsigned char)p[1]))
            return false;
        for (p++; isdigit((unsigned char)*p); p++)
            add_digit(d, *p, true);
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        bool neg = *p == '-';
        if (*p == '-' || *p == '+')
            p++;
        if (!isdigit((unsigned char)*p))
            return false;
        int e = 0;
        for (; isdigit((unsigned char)*p); p++)
            e = e < 10000 ? e * 10 + (*p - '0') : e;
        d->exp10 += neg ? -e : e;
    }
    return *p == '\0';
}

/* "1.5" for digits 15 at exp10 -1: the exact value, for the message. */
static void decimal_text(const struct decimal *d, char *buf, size_t size) {
    int point = d->ndigits + d->exp10; /* digits before the decimal point */
    size_t o = 0;
    if (d->negative && o + 1 < size)
        buf[o++] = '-';
    if (point <= 0 && o + 2 < size) {
        buf[o++] = '0';
        buf[o++] = '.';
        for (int i = point; i < 0 && o + 1 < size; i++)
            buf[o++] = '0';
    }
    for (int i = 0; i < d->ndigits && o + 1 < size; i++) {
        if (i == point && i > 0 && o + 1 < size)
            buf[o++] = '.';
        buf[o++] = d->digits[i];
    }
    buf[o] = '\0';
}

int hl_parse_i64(const char *text, const char *what, int64_t min, int64_t max, int64_t *out,
                 struct hl_error *err) {
    if (text == NULL || *text == '\0')
        return hl_error_set(err, HL_ERR_USAGE, "%s: missing value", what);
    struct decimal d;
    const char *why = NULL;
    if (!scan_decimal(text, &d, &why))
        return hl_error_set(err, HL_ERR_USAGE, "%s: '%s' is not an integer%s%s", what, text,
                            why != NULL ? ": " : "", why != NULL ? why : "");
    /* Trailing zeros below the decimal point are no fraction. */
    while (d.exp10 < 0 && d.ndigits > 0 && d.digits[d.ndigits - 1] == '0') {
        d.ndigits--;
        d.exp10++;
    }
    if (d.ndigits == 0)
        d.exp10 = 0;
    if (d.exp10 < 0 && !d.too_long) {
        char value[64];
        decimal_text(&d, value, sizeof value);
        bool plain = strpbrk(text, "eE") == NULL;
        return hl_error_set(err, HL_ERR_USAGE, "%s: '%s' is not an integer%s%s%s", what, text,
                            plain ? "" : " (it is ", plain ? "" : value, plain ? "" : ")");
    }
    /* Magnitude, saturated one past INT64_MAX so -2^63 still fits. */
    const uint64_t limit = (uint64_t)INT64_MAX + 1;
    uint64_t v = 0;
    bool over = d.too_long || (d.ndigits > 0 && d.ndigits + d.exp10 > 19);
    for (int i = 0; !over && i < d.ndigits + d.exp10; i++) {
        unsigned digit = i < d.ndigits ? (unsigned)(d.digits[i] - '0') : 0;
        over = v > (limit - digit) / 10;
        v = v * 10 + digit;
    }
    over = over || v > limit || (!d.negative && v == limit);
    int64_t value = over ? 0 : d.negative ? (int64_t)(0 - v) : (int64_t)v;
    if (over || value < min || value > max)
        return hl_error_set(err, HL_ERR_USAGE,
                            "%s: '%s' is out of range (%" PRId64 " to %" PRId64 ")", what, text,
                            min, max);
    *out = value;
    return 0;
}
