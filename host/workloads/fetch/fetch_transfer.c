/* One fetch transfer with libcurl: how it is set up, how its bytes are
 * checked as they arrive, and how its end is turned into a task record
 * (status, bytes, phases, a failure reason a person can act on). Shared by
 * the blocking backends (through run_task) and curl-multi. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/interrupt.h"
#include "util/timing.h"
#include "workloads/fetch/fetch.h"

int hl_fetch_global_init(struct hl_error *err) {
    /* With CURLOPT_NOSIGNAL libcurl leaves SIGPIPE alone; a write to a
     * socket the peer has reset must fail with EPIPE, not kill us. */
    if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
        return hl_error_errno(err, HL_ERR_RUNTIME, errno, "fetch: cannot ignore SIGPIPE");
    CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK)
        return hl_error_set(err, HL_ERR_RUNTIME, "fetch: curl_global_init: %s",
                            curl_easy_strerror(rc));
    return 0;
}

void hl_fetch_global_cleanup(void) {
    curl_global_cleanup();
}

int hl_fetch_check_url(const char *url, struct hl_error *err) {
    if (*url == '\0')
        return hl_error_set(err, HL_ERR_USAGE, "--url: empty URL");
    char shown[512]; /* messages never repeat a password */
    hl_fetch_url_redacted(url, shown, sizeof shown);
    CURLU *u = curl_url();
    if (u == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "--url: out of memory");
    char *scheme = NULL, *host = NULL;
    int rc = 0;
    CURLUcode uc = curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME);
    if (uc != CURLUE_OK)
        rc = hl_error_set(err, HL_ERR_USAGE, "--url: '%s' is not a valid URL (%s)", shown,
                          curl_url_strerror(uc));
    else if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
             (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0))
        rc = hl_error_set(err, HL_ERR_USAGE, "--url: unsupported scheme '%s' (http or https only)",
                          scheme != NULL ? scheme : "");
    else if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || *host == '\0')
        rc = hl_error_set(err, HL_ERR_USAGE, "--url: '%s' has no host", shown);
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    return rc;
}

/* Counts the body and, against the built-in server, compares every byte
 * with the expected body as it arrives (no copy is kept). */
static size_t on_body(char *data, size_t size, size_t nmemb, void *userp) {
    struct hl_fetch_transfer *x = userp;
    const struct hl_fetch_state *s = x->work->state;
    size_t n = size * nmemb;
    if (s->expected != NULL && x->mismatch_at < 0) {
        int64_t avail = s->body_size - x->received;
        size_t cmp = (int64_t)n < avail ? n : (size_t)(avail > 0 ? avail : 0);
        const char *want = cmp > 0 ? s->expected + x->received : NULL;
        if (want != NULL && memcmp(data, want, cmp) != 0) {
            size_t i = 0;
            while (data[i] == want[i])
                i++;
            x->mismatch_at = x->received + (int64_t)i;
        }
        if (x->mismatch_at < 0 && (int64_t)n > avail)
            x->mismatch_at = s->body_size; /* more bytes than the body has */
    }
    x->received += (int64_t)n;
    return n;
}

/* Each header line of each response (a redirect's too): keeps the last
 * response's Content-Length as sent. libcurl drops a length it cannot
 * represent (99999999999999999999999) and then reads to the end of the
 * connection, which would make any body look whole. */
static size_t on_header(char *data, size_t size, size_t nmemb, void *userp) {
    struct hl_fetch_transfer *x = userp;
    size_t n = size * nmemb;
    static const char cl[] = "content-length:", te[] = "transfer-encoding:";
    if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) { /* a new response */
        x->content_length[0] = '\0';
        x->content_length_long = false;
        x->encoded = false;
    } else if (n > sizeof cl - 1 && strncasecmp(data, cl, sizeof cl - 1) == 0) {
        const char *v = data + sizeof cl - 1, *end = data + n;
        while (v < end && (*v == ' ' || *v == '\t'))
            v++;
        while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
            end--;
        size_t len = (size_t)(end - v);
        size_t keep = len < sizeof x->content_length ? len : sizeof x->content_length - 1;
        x->content_length_long = keep < len;
        memcpy(x->content_length, v, keep);
        x->content_length[keep] = '\0';
    } else if (n > sizeof te - 1 && strncasecmp(data, te, sizeof te - 1) == 0) {
        x->encoded = true; /* the body's framing is the encoding's (RFC 9112 6.3) */
    }
    return n;
}

/* libcurl calls this at least once a second while a transfer waits: a
 * transfer that an interrupt (Ctrl-C) finds in flight ends within it. */
static int on_progress(void *userp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow) {
    (void)userp;
    (void)dltotal;
    (void)dlnow;
    (void)ultotal;
    (void)ulnow;
    return hl_interrupted() != 0;
}

int hl_fetch_transfer_setup(struct hl_fetch_transfer *x, CURL *easy, struct hl_work *work,
                            int64_t task, struct hl_task_record *rec) {
    const struct hl_fetch_state *s = work->state;
    *x = (struct hl_fetch_transfer){
        .work = work, .task = task, .rec = rec, .easy = easy, .mismatch_at = -1};
    curl_easy_reset(easy); /* keeps the handle's live connections */
    CURLcode rc = CURLE_OK;
#define SET(opt, val) (rc = rc != CURLE_OK ? rc : curl_easy_setopt(easy, opt, val))
    SET(CURLOPT_URL, s->url);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_ERRORBUFFER, x->errbuf);
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_WRITEDATA, x);
    SET(CURLOPT_NOPROGRESS, 0L);
    SET(CURLOPT_XFERINFOFUNCTION, on_progress);
    SET(CURLOPT_TIMEOUT_MS, s->timeout_ms);
    SET(CURLOPT_CONNECTTIMEOUT_MS, s->timeout_ms);
    SET(CURLOPT_USERAGENT, "hetlane/" HETLANE_VERSION);
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_HEADERDATA, x);
    /* A redirect is followed only when asked (--follow-redirects): a
     * benchmark of one URL should not silently measure another host. */
    SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_FOLLOWLOCATION, s->follow_redirects ? 1L : 0L);
    SET(CURLOPT_MAXREDIRS, 5L);
    /* The loopback server is never reached through an http_proxy from the
     * environment; a real URL honours it. */
    if (s->server != NULL)
        SET(CURLOPT_PROXY, "");
#undef SET
    if (rc != CURLE_OK) {
        snprintf(rec->error, sizeof rec->error, "cannot set up libcurl: %s",
                 curl_easy_strerror(rc));
        return -1;
    }
    return 0;
}

/* snprintf for reasons that are cut to the record's size on purpose: the
 * start of libcurl's message says enough. */
__attribute__((format(printf, 3, 4))) static void say(char *buf, size_t size, const char *fmt,
                                                      ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

/* Why a transfer that libcurl reports as failed failed, in words. */
static void describe_curl_failure(const struct hl_fetch_transfer *x, CURLcode code,
                                  const struct hl_fetch_result *r, char *buf, size_t size) {
    const struct hl_fetch_state *s = x->work->state;
    long os_errno = 0;
    curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &os_errno);
    const char *detail = x->errbuf[0] != '\0' ? x->errbuf : curl_easy_strerror(code);
    switch (code) {
    case CURLE_COULDNT_CONNECT:
        say(buf, size, "%s: %s", os_errno == ECONNREFUSED ? "connection refused" : "cannot connect",
            detail);
        return;
    case CURLE_OPERATION_TIMEDOUT:
        say(buf, size, "timeout after %.3g s: %s", (double)s->timeout_ms / 1000, detail);
        return;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
        say(buf, size, "%s: %s",
            os_errno == ECONNRESET || strstr(detail, "reset") != NULL ? "connection reset"
            : code == CURLE_RECV_ERROR                                ? "receive error"
                                                                      : "send error",
            detail);
        return;
    case CURLE_GOT_NOTHING:
        say(buf, size, "empty reply: the server closed the connection without answering");
        return;
    case CURLE_PARTIAL_FILE:
        if (r->content_length >= 0)
            say(buf, size, "body cut short: got %" PRId64 " of %" PRId64 " bytes", r->bytes,
                r->content_length);
        else
            say(buf, size, "body cut short after %" PRId64 " bytes: %s", r->bytes, detail);
        return;
    case CURLE_ABORTED_BY_CALLBACK: say(buf, size, "interrupted"); return;
    case CURLE_COULDNT_RESOLVE_HOST: say(buf, size, "cannot resolve host: %s", detail); return;
    default: say(buf, size, "curl error %d: %s", (int)code, detail); return;
    }
}

/* Maps libcurl's timing (microseconds from the transfer's start) onto the
 * task's clock: connect (name lookup, TCP and TLS), wait (request sent,
 * no byte back yet: the server's latency) and transfer (first to last
 * byte). A failed transfer shows the phase it was stuck in. */
static void add_phases(struct hl_fetch_transfer *x, int64_t end_ns) {
    curl_off_t connect = 0, appconnect = 0, pretransfer = 0, first = 0, total = 0;
    curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &connect);
    curl_easy_getinfo(x->easy, CURLINFO_APPCONNECT_TIME_T, &appconnect);
    curl_easy_getinfo(x->easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
    curl_easy_getinfo(x->easy, CURLINFO_STARTTRANSFER_TIME_T, &first);
    curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME_T, &total);
    int64_t t0 = x->rec->t0_ns;
#define AT(us) (t0 + (int64_t)(us)*1000 < end_ns ? t0 + (int64_t)(us)*1000 : end_ns)
    curl_off_t connected = appconnect > connect ? appconnect : connect;
    if (pretransfer == 0 && first == 0) { /* never connected */
        hl_task_add_phase(x->rec, HL_PHASE_CONNECT, t0, AT(total));
        return;
    }
    if (connected > 0)
        hl_task_add_phase(x->rec, HL_PHASE_CONNECT, t0, AT(connected));
    hl_task_add_phase(x->rec, HL_PHASE_WAIT, AT(pretransfer), AT(first > 0 ? first : total));
    if (first > 0)
        hl_task_add_phase(x->rec, HL_PHASE_TRANSFER, AT(first), AT(total));
#undef AT
}

/* The announced Content-Length: its value, INT64_MAX when it has too many
 * digits, or -1 when it is not a number. */
static int64_t parse_length(const struct hl_fetch_transfer *x) {
    const char *v = x->content_length;
    if (x->content_length_long || strspn(v, "0123456789") != strlen(v))
        return x->content_length_long && strspn(v, "0123456789") == strlen(v) ? INT64_MAX : -1;
    int64_t n = 0;
    for (; *v != '\0'; v++) {
        if (n > (INT64_MAX - 9) / 10)
            return INT64_MAX;
        n = n * 10 + (*v - '0');
    }
    return n;
}

int hl_fetch_transfer_finish(struct hl_fetch_transfer *x, CURLcode code) {
    struct hl_fetch_state *s = x->work->state;
    struct hl_fetch_result *r = &s->results[x->task];
    struct hl_task_record *rec = x->rec;
    long status = 0;
    curl_off_t length = -1;
    curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(x->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    /* The length as sent: one libcurl could not read counts as more than
     * any body (verify() then fails the task too). */
    bool announced = x->content_length[0] != '\0' && !x->encoded;
    int64_t sent_length = announced ? parse_length(x) : -1;
    if (announced)
        length = sent_length;
    *r = (struct hl_fetch_result){
        .done = true,
        .curl_code = (int32_t)code,
        .http_status = status > 0 ? (int32_t)status : -1,
        .bytes = x->received,
        .content_length = length,
        .mismatch_at = x->mismatch_at,
    };
    rec->http_status = status > 0 ? (int32_t)status : 0;
    rec->bytes = x->received;
    add_phases(x, hl_now_ns());

    char *why = rec->error;
    size_t size = sizeof rec->error;
    if (code != CURLE_OK)
        describe_curl_failure(x, code, r, why, size);
    else if (status >= 300 && status <= 399 && !s->follow_redirects)
        snprintf(why, size, "HTTP %ld: a redirect, not followed (--follow-redirects follows it)",
                 status);
    else if (status < 200 || status > 299)
        snprintf(why, size, "HTTP %ld (expected 2xx)", status);
    else if (announced && sent_length < 0)
        snprintf(why, size, "Content-Length '%s' is not a length", x->content_length);
    else if (s->expected != NULL && r->bytes != s->body_size)
        snprintf(why, size, "body of %" PRId64 " bytes, expected %" PRId64, r->bytes, s->body_size);
    else if (r->mismatch_at >= 0)
        snprintf(why, size, "body differs from the expected content at byte %" PRId64,
                 r->mismatch_at);
    else if (length >= 0 && r->bytes != length && announced)
        snprintf(why, size, "body cut short: got %" PRId64 " of %s%s bytes", r->bytes,
                 x->content_length, x->content_length_long ? "..." : "");
    else if (length >= 0 && r->bytes != length)
        snprintf(why, size, "body cut short: got %" PRId64 " of %" PRId64 " bytes", r->bytes,
                 (int64_t)length);
    else
        why[0] = '\0';
    return why[0] == '\0' ? 0 : -1;
}
