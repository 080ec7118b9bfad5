/* fetch: each task is one HTTP GET with libcurl, start to last byte.
 * I/O-bound: the time goes to waiting on the server, so concurrency far
 * past the core count pays.
 *
 * Without --url, prepare() starts the built-in loopback server
 * (http_server.h) and every task must get 200 and exactly its body; with
 * --url every task must get a 2xx and the whole body the server announced.
 * A task that fails (refused, reset, timeout, non-2xx, body cut short)
 * records why in its task record and the run goes on.
 *
 * Handles: curl_global_init() runs once in main (hl_fetch_global_init)
 * before any thread. The blocking backends use one easy handle per thread
 * (or fork child), created by that thread on its first task, so a child
 * never uses a handle made before the fork; curl-multi drives transfers
 * through the hl_fetch_transfer_* calls below. Results live in shared
 * memory so fork children can report them. */
#ifndef HL_WORKLOADS_FETCH_H
#define HL_WORKLOADS_FETCH_H

#include <curl/curl.h>
#include <stdbool.h>

#include "workloads/fetch/fetch_params.h"
#include "workloads/fetch/fetch_setup.h"
#include "workloads/fetch/http_server.h"
#include "workloads/workload.h"

/* What one task got; the reference verify() checks. Shared memory. */
struct hl_fetch_result {
    bool done;
    int32_t curl_code;      /* CURLcode of the transfer */
    int32_t http_status;    /* -1 until a response arrived */
    int64_t bytes;          /* body bytes received */
    int64_t content_length; /* announced by the server, or -1 */
    int64_t mismatch_at;    /* built-in server: first wrong byte, or -1 */
};

struct hl_fetch_state {
    struct hl_http_server *server; /* NULL with --url */
    char *url;                     /* what every task GETs; owned */
    char *shown_url;               /* url as written and printed (hl_fetch_url_shown); owned */
    bool follow_redirects;         /* else a 3xx answer fails the task */
    char *expected;                /* built-in server: the body; owned */
    int64_t body_size;             /* built-in server: expected length */
    long timeout_ms;
    struct hl_fetch_result *results; /* capacity entries, shared memory */
    int64_t capacity;
};

/* One transfer between setup and finish; the caller owns the easy handle
 * and keeps this struct in place while the transfer runs (libcurl holds
 * pointers into it). */
struct hl_fetch_transfer {
    struct hl_work *work;
    int64_t task;
    struct hl_task_record *rec; /* begun by the caller */
    CURL *easy;
    int64_t received;
    int64_t mismatch_at;
    /* The last response's Content-Length as sent ("" when none, or when
     * Transfer-Encoding makes it moot): libcurl drops a length it cannot
     * represent, and a body shorter than any announced length is cut short. */
    char content_length[32];
    bool content_length_long; /* more digits than content_length holds */
    bool encoded;             /* Transfer-Encoding: the length is moot */
    char errbuf[CURL_ERROR_SIZE];
};

extern const struct hl_workload hl_workload_fetch;

/* Usage error unless `url` is a well-formed http:// or https:// URL with a
 * host; the message names --url and the reason. */
int hl_fetch_check_url(const char *url, struct hl_error *err);

/* Resets `easy` and sets it up to fetch task `task` of `work` into `x`.
 * On failure returns -1 with the reason in rec->error (the task failed;
 * the caller ends the record). */
int hl_fetch_transfer_setup(struct hl_fetch_transfer *x, CURL *easy, struct hl_work *work,
                            int64_t task, struct hl_task_record *rec);

/* Records how the transfer ended (`code` from libcurl): HTTP status, bytes,
 * the connect/wait/transfer phases and the result for verify(). Returns 0
 * when the task succeeded, else -1 with the reason in rec->error. Does not
 * end the record. */
int hl_fetch_transfer_finish(struct hl_fetch_transfer *x, CURLcode code);

/* The default backends for `run fetch` without -b, into spec:
 * serial,pthread:P,pthread:T,fork:T,curl-multi:T (P cores, T tasks). */
void hl_fetch_default_backends(int cores, int64_t tasks, char *spec, size_t size);

#endif
