/* Well-formed UTF-8 (RFC 3629) for everything hetlane writes as text
 * that others parse: JSON (which must be UTF-8), CSV and chart labels
 * (cairo refuses other bytes). Strings from outside (a --url, a device
 * name, an error text) may hold any bytes; where one byte does not start
 * a well-formed character it becomes U+FFFD, the replacement character,
 * and the next byte is looked at afresh. A reader of what was written
 * then reads U+FFFD back, never the original byte. */
#ifndef HL_UTIL_UTF8_H
#define HL_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* U+FFFD as UTF-8. */
#define HL_UTF8_REPLACEMENT "\xef\xbf\xbd"

/* Bytes in the character that `lead` starts (1 to 4), or 0 when `lead`
 * cannot start one (a continuation byte, 0xc0, 0xc1, 0xf5..0xff). */
size_t hl_utf8_lead_len(unsigned char lead);

/* True when the n bytes at s (n = hl_utf8_lead_len(s[0])) are one
 * well-formed character: continuation bytes where they belong, no
 * overlong form, no surrogate (U+D800..U+DFFF), nothing above U+10FFFF. */
bool hl_utf8_char_ok(const unsigned char *s, size_t n);

/* Length of the well-formed character at s, of at most `avail` bytes, or
 * 0 when there is none. */
size_t hl_utf8_char_at(const char *s, size_t avail);

/* True when all of s (NUL-terminated) is well-formed UTF-8. */
bool hl_utf8_valid(const char *s);

/* Copies s into buf (size >= 4), every byte that does not start a
 * well-formed character replaced by U+FFFD, cut at a character boundary
 * when it does not fit. Returns buf. */
const char *hl_utf8_clean(const char *s, char *buf, size_t size);

/* Writes s to out as hl_utf8_clean would make it, whatever its length
 * (fwrite: the first len bytes of s). Stream errors are the caller's to
 * see (ferror). */
void hl_utf8_fputs(const char *s, FILE *out);
void hl_utf8_fwrite(const char *s, size_t len, FILE *out);

#endif
