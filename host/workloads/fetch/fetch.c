/* fetch as a workload: the table entry (validate, prepare, reset, run_task,
 * verify, release, params) and the per-thread easy handles the blocking
 * backends use. The transfer itself is in fetch_transfer.c. */
#include "workloads/fetch/fetch.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/shared_mem.h"

/* One easy handle per thread, kept for the thread's life so its
 * connection is reused from task to task. `owner` is the process that
 * made it: a fork child inherits the parent thread's pointer but must
 * never use a handle made before the fork, so it makes its own (and
 * leaves the inherited one alone; it ends with _exit). */
struct thread_handle {
    CURL *easy;
    pid_t owner;
    /* In a fork child: the parent's handle, kept (not cleaned up, not
     * used) so that it stays reachable rather than leaked. */
    struct thread_handle *inherited;
};

static pthread_key_t handle_key;
static pthread_once_t handle_once = PTHREAD_ONCE_INIT;
static int handle_key_error;

static void drop_handle(void *p) {
    struct thread_handle *h = p;
    if (h->owner == getpid())
        curl_easy_cleanup(h->easy);
    free(h);
}

static void make_handle_key(void) {
    handle_key_error = pthread_key_create(&handle_key, drop_handle);
}

/* The calling thread's easy handle, made on first use; NULL when libcurl
 * or memory fails. Freed when the thread exits (or by fetch_release for
 * the thread that releases the workload). */
static CURL *thread_handle(void) {
    pthread_once(&handle_once, make_handle_key);
    if (handle_key_error != 0)
        return NULL;
    struct thread_handle *parent = pthread_getspecific(handle_key);
    if (parent != NULL && parent->owner == getpid())
        return parent->easy;
    struct thread_handle *h = hl_malloc(sizeof *h);
    if (h == NULL)
        return NULL;
    h->easy = curl_easy_init();
    h->owner = getpid();
    h->inherited = parent;
    if (h->easy == NULL || pthread_setspecific(handle_key, h) != 0) {
        curl_easy_cleanup(h->easy);
        free(h);
        return NULL;
    }
    return h->easy;
}

static void drop_thread_handle(void) {
    pthread_once(&handle_once, make_handle_key);
    if (handle_key_error != 0)
        return;
    struct thread_handle *h = pthread_getspecific(handle_key);
    if (h != NULL) {
        pthread_setspecific(handle_key, NULL);
        drop_handle(h);
    }
}

static int fetch_validate(const struct hl_params *p, int64_t max_tasks, struct hl_error *err) {
    (void)max_tasks;
    if (p->n != 0)
        return hl_error_set(err, HL_ERR_USAGE,
                            "--size: fetch has no size (the built-in server's response size is "
                            "--body-size B)");
    if (p->io.timeout_ms <= 0)
        return hl_error_set(err, HL_ERR_USAGE, "--timeout: must be more than 0 seconds");
    if (p->io.url != NULL)
        return hl_fetch_check_url(p->io.url, err);
    if (p->io.latency_ms < 0 || p->io.latency_ms > HL_HTTP_MAX_LATENCY_MS)
        return hl_error_set(err, HL_ERR_USAGE, "--latency: %" PRId64 " is out of range (0 to %d)",
                            p->io.latency_ms, HL_HTTP_MAX_LATENCY_MS);
    if (p->io.body_size < 0 || p->io.body_size > HL_HTTP_MAX_BODY_SIZE)
        return hl_error_set(err, HL_ERR_USAGE,
                            "--body-size: %" PRId64 " is out of range (0 to %" PRId64 ")",
                            p->io.body_size, HL_HTTP_MAX_BODY_SIZE);
    return 0;
}

static uint64_t fetch_footprint(const struct hl_params *p, int64_t max_tasks) {
    /* The server's body and the client's reference copy. */
    uint64_t bodies = p->io.url == NULL ? 2 * (uint64_t)p->io.body_size : 0;
    return bodies + (uint64_t)max_tasks * sizeof(struct hl_fetch_result);
}

/* What every task GETs, and how it is shown (no user info). */
static int set_url(struct hl_fetch_state *s, const char *url, struct hl_error *err) {
    size_t shown_size = 3 * strlen(url) + 1; /* every byte percent-encoded at most */
    s->url = hl_strdup(url);
    s->shown_url = hl_malloc(shown_size);
    if (s->url == NULL || s->shown_url == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "cannot allocate the fetch URL");
    hl_fetch_url_shown(url, s->shown_url, shown_size);
    return 0;
}

static int fetch_prepare(struct hl_work *w, struct hl_error *err) {
    struct hl_fetch_state *s = hl_calloc(1, sizeof *s);
    if (s == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "cannot allocate fetch state");
    w->state = s;
    s->capacity = w->max_tasks;
    s->timeout_ms = (long)w->params.io.timeout_ms;
    s->results = hl_shared_alloc((size_t)s->capacity * sizeof *s->results, "fetch results", err);
    if (s->results == NULL)
        return -1;
    s->follow_redirects = w->params.io.follow_redirects;
    if (w->params.io.url != NULL)
        return set_url(s, w->params.io.url, err);
    s->body_size = w->params.io.body_size;
    s->expected = hl_malloc(s->body_size > 0 ? (size_t)s->body_size : 1);
    if (s->expected == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "cannot allocate the expected body");
    hl_http_body_fill(s->expected, 0, (size_t)s->body_size);
    if (w->params.io.builtin_url != NULL) /* another rank's server */
        return set_url(s, w->params.io.builtin_url, err);
    struct hl_http_server_config cfg = {.port = 0,
                                        .latency_ms = w->params.io.latency_ms,
                                        .body_size = w->params.io.body_size,
                                        .bind = w->params.io.bind};
    s->server = hl_http_server_start(&cfg, err);
    if (s->server == NULL)
        return -1;
    char url[64];
    hl_http_server_url(s->server, url, sizeof url);
    return set_url(s, url, err);
}

static void fetch_reset(struct hl_work *w) {
    struct hl_fetch_state *s = w->state;
    for (int64_t t = 0; t < s->capacity; t++)
        s->results[t] = (struct hl_fetch_result){
            .http_status = -1, .bytes = -1, .content_length = -1, .mismatch_at = -1};
}

static int fetch_run_task(struct hl_work *w, int64_t task, struct hl_task_record *rec) {
    CURL *easy = thread_handle();
    if (easy == NULL) {
        snprintf(rec->error, sizeof rec->error, "cannot create a libcurl easy handle");
        return -1;
    }
    struct hl_fetch_transfer x;
    if (hl_fetch_transfer_setup(&x, easy, w, task, rec) != 0)
        return -1;
    return hl_fetch_transfer_finish(&x, curl_easy_perform(easy));
}

/* What is wrong with one task's result, into buf; false when nothing. */
static bool result_problem(const struct hl_fetch_state *s, const struct hl_fetch_result *r,
                           char *buf, size_t size) {
    if (!r->done)
        snprintf(buf, size, "never finished");
    else if (r->curl_code != CURLE_OK)
        snprintf(buf, size, "transfer failed (%s)", curl_easy_strerror(r->curl_code));
    else if (r->http_status < 200 || r->http_status > 299)
        snprintf(buf, size, "HTTP %d", (int)r->http_status);
    else if (s->expected != NULL && r->bytes != s->body_size)
        snprintf(buf, size, "%" PRId64 " bytes, expected %" PRId64, r->bytes, s->body_size);
    else if (s->expected != NULL && r->mismatch_at >= 0)
        snprintf(buf, size, "byte %" PRId64 " differs from the expected body", r->mismatch_at);
    else if (r->content_length >= 0 && r->bytes != r->content_length)
        snprintf(buf, size, "%" PRId64 " of %" PRId64 " bytes", r->bytes, r->content_length);
    else
        return false;
    return true;
}

static int fetch_verify(const struct hl_work *w, char *msg, size_t msg_size) {
    const struct hl_fetch_state *s = w->state;
    int64_t bad = 0, first = -1;
    char why[96] = "";
    for (int64_t t = 0; t < w->ntasks; t++) {
        char here[96];
        if (result_problem(s, &s->results[t], here, sizeof here)) {
            if (bad++ == 0) {
                first = t;
                memcpy(why, here, sizeof why);
            }
        }
    }
    if (bad == 0)
        return 0;
    snprintf(msg, msg_size, "fetch: %" PRId64 " of %" PRId64 " tasks wrong; task %" PRId64 ": %s",
             bad, w->ntasks, first, why);
    return -1;
}

static void fetch_release(struct hl_work *w) {
    struct hl_fetch_state *s = w->state;
    /* This thread's handle may hold a connection to the server: close it
     * first, so the server stops with nothing in flight. */
    drop_thread_handle();
    if (s == NULL)
        return;
    hl_http_server_stop(s->server);
    hl_shared_free(s->results, (size_t)s->capacity * sizeof *s->results);
    free(s->expected);
    free(s->url);
    free(s->shown_url);
    free(s);
    w->state = NULL;
}

static size_t fetch_report_params(const struct hl_work *w, struct hl_param_value *out,
                                  size_t room) {
    const struct hl_fetch_state *s = w->state;
    const struct hl_io_params *io = &w->params.io;
    struct hl_param_value all[] = {
        {.key = "url", .type = HL_PARAM_TEXT, .text = s->shown_url},
        {.key = "server",
         .type = HL_PARAM_TEXT,
         .text = s->server != NULL ? "built-in" : "external"},
        {.key = "latency_ms", .type = HL_PARAM_INT, .i = io->latency_ms},
        {.key = "body_size", .type = HL_PARAM_INT, .i = io->body_size},
        {.key = "timeout_s", .type = HL_PARAM_REAL, .r = (double)io->timeout_ms / 1000},
        {.key = "tasks", .type = HL_PARAM_INT, .i = w->max_tasks},
        {.key = "redirects", .type = HL_PARAM_TEXT, .text = "followed"},
    };
    size_t n = 0;
    for (size_t i = 0; i < sizeof all / sizeof all[0] && n < room; i++) {
        /* latency and body size are the built-in server's only */
        bool server_only = i == 2 || i == 3;
        bool followed_only = i == 6; /* said only when --follow-redirects is on */
        if ((!server_only || s->server != NULL) && (!followed_only || s->follow_redirects))
            out[n++] = all[i];
    }
    return n;
}

void hl_fetch_default_backends(int cores, int64_t tasks, char *spec, size_t size) {
    int64_t t = tasks > 0 ? tasks : hl_workload_fetch.default_tasks;
    t = t < HL_MAX_WORKERS ? t : HL_MAX_WORKERS;
    /* Threads at the core count, then concurrency at the task count: the
     * lesson is that waiting, not computing, sets the pace. */
    if (cores < t)
        snprintf(spec, size,
                 "serial,pthread:%d,pthread:%" PRId64 ",fork:%" PRId64 ",curl-multi:%" PRId64,
                 cores, t, t, t);
    else
        snprintf(spec, size, "serial,pthread:%" PRId64 ",fork:%" PRId64 ",curl-multi:%" PRId64, t,
                 t, t);
}

static void *fetch_task_outputs(struct hl_work *w, int64_t task, size_t *bytes) {
    struct hl_fetch_state *s = w->state;
    *bytes = sizeof *s->results;
    return &s->results[task];
}

const struct hl_workload hl_workload_fetch = {
    .name = "fetch",
    .summary = "I/O-bound: each task is one HTTP GET (libcurl), start to last byte",
    .kind = HL_KIND_IO,
    .default_n = 0,
    .max_n = 0,
    .default_tasks = 12,
    .tasks_per_worker = 0,
    .size_meaning = "nothing (fetch refuses -n; the response size is --body-size)",
    .validate = fetch_validate,
    .footprint = fetch_footprint,
    .prepare = fetch_prepare,
    .reset = fetch_reset,
    .run_task = fetch_run_task,
    .verify = fetch_verify,
    .release = fetch_release,
    .report_params = fetch_report_params,
    .default_backends = hl_fetch_default_backends,
    .task_outputs = fetch_task_outputs,
};
