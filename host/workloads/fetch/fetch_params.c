#include "workloads/fetch/fetch_params.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

void hl_fetch_params_default(struct hl_params *p) {
    p->io.url = NULL;
    p->io.latency_ms = HL_HTTP_DEFAULT_LATENCY_MS;
    p->io.body_size = HL_HTTP_DEFAULT_BODY_SIZE;
    p->io.timeout_ms = HL_FETCH_DEFAULT_TIMEOUT_MS;
    p->io.follow_redirects = false;
}

static const char *show(const char *url, bool encode, char *buf, size_t size) {
    static const char hex[] = "0123456789ABCDEF";
    /* The authority runs from "//" to the first '/', '?' or '#'; its user
     * info ends at its last '@'. Plain text search: a URL that does not
     * parse is still shown without its secret. */
    const char *auth = strstr(url, "//");
    auth = auth != NULL ? auth + 2 : url;
    const char *auth_end = auth + strcspn(auth, "/?#");
    const char *at = NULL;
    for (const char *p = auth; p < auth_end; p++) {
        if (*p == '@')
            at = p;
    }
    size_t o = 0;
    for (const char *p = url; *p != '\0' && o + 4 <= size; p++) {
        if (at != NULL && p == auth) {
            memcpy(buf + o, "***", 3);
            o += 3;
            p = at; /* the '@' is copied next */
        }
        unsigned char c = (unsigned char)*p;
        if (encode && (c <= 0x20 || c >= 0x7f)) {
            buf[o++] = '%';
            buf[o++] = hex[c >> 4];
            buf[o++] = hex[c & 15];
        } else {
            buf[o++] = (char)c;
        }
    }
    buf[o < size ? o : size - 1] = '\0';
    return buf;
}

const char *hl_fetch_url_shown(const char *url, char *buf, size_t size) {
    return show(url, true, buf, size);
}

const char *hl_fetch_url_redacted(const char *url, char *buf, size_t size) {
    return show(url, false, buf, size);
}

int hl_http_check_bind(const char *addr, struct hl_error *err) {
    struct in_addr a;
    if (addr == NULL || inet_pton(AF_INET, addr, &a) != 1)
        return hl_error_set(err, HL_ERR_USAGE,
                            "--bind: '%s' is not an IPv4 address (like 127.0.0.1 or 10.0.0.1)",
                            addr != NULL ? addr : "");
    return 0;
}
