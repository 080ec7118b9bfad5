#include "util/utf8.h"

#include <string.h>

size_t hl_utf8_lead_len(unsigned char lead) {
    if (lead < 0x80)
        return 1;
    if (lead < 0xc2) /* continuation bytes; 0xc0 and 0xc1 only make overlong forms */
        return 0;
    if (lead < 0xe0)
        return 2;
    if (lead < 0xf0)
        return 3;
    return lead < 0xf5 ? 4 : 0;
}

bool hl_utf8_char_ok(const unsigned char *s, size_t n) {
    if (n == 0 || hl_utf8_lead_len(s[0]) != n)
        return false;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return false;
    }
    /* The second byte's range rules out overlong forms, surrogates and
     * code points above U+10FFFF (RFC 3629, section 4). */
    if (n == 3 && s[0] == 0xe0)
        return s[1] >= 0xa0;
    if (n == 3 && s[0] == 0xed)
        return s[1] < 0xa0;
    if (n == 4 && s[0] == 0xf0)
        return s[1] >= 0x90;
    if (n == 4 && s[0] == 0xf4)
        return s[1] < 0x90;
    return true;
}

size_t hl_utf8_char_at(const char *s, size_t avail) {
    const unsigned char *u = (const unsigned char *)s;
    size_t n = avail > 0 ? hl_utf8_lead_len(u[0]) : 0;
    return n > 0 && n <= avail && hl_utf8_char_ok(u, n) ? n : 0;
}

bool hl_utf8_valid(const char *s) {
    size_t left = strlen(s);
    while (left > 0) {
        size_t n = hl_utf8_char_at(s, left);
        if (n == 0)
            return false;
        s += n;
        left -= n;
    }
    return true;
}

const char *hl_utf8_clean(const char *s, char *buf, size_t size) {
    size_t left = strlen(s), o = 0;
    while (left > 0) {
        size_t n = hl_utf8_char_at(s, left);
        const char *piece = n > 0 ? s : HL_UTF8_REPLACEMENT;
        size_t len = n > 0 ? n : sizeof HL_UTF8_REPLACEMENT - 1;
        if (o + len >= size)
            break;
        memcpy(buf + o, piece, len);
        o += len;
        s += n > 0 ? n : 1;
        left -= n > 0 ? n : 1;
    }
    buf[o] = '\0';
    return buf;
}

void hl_utf8_fwrite(const char *s, size_t len, FILE *out) {
    while (len > 0) {
        /* Runs of well-formed text go out in one call. */
        size_t run = 0, n;
        while (run < len && (n = hl_utf8_char_at(s + run, len - run)) > 0)
            run += n;
        fwrite(s, 1, run, out);
        s += run;
        len -= run;
        if (len > 0) {
            fputs(HL_UTF8_REPLACEMENT, out);
            s++;
            len--;
        }
    }
}

void hl_utf8_fputs(const char *s, FILE *out) {
    hl_utf8_fwrite(s, strlen(s), out);
}
