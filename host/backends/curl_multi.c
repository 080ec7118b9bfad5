/* curl-multi:W: the calling thread alone drives every transfer through
 * libcurl's multi interface, with at most W in flight. Each of the W slots
 * owns one easy handle; when its transfer ends the slot takes the next
 * task, so slots behave like workers on the timeline (worker = slot).
 *
 * The multi handle and the easy handles are made for the run and cleaned
 * up before run() returns, inside the timed region like pthread's threads.
 * Connections are reused within a run through the multi handle's cache.
 * Only I/O workloads (fetch) can run here: there is nothing to overlap in
 * a computation on one thread. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "backends/backend.h"
#include "util/alloc.h"
#include "util/interrupt.h"
#include "workloads/fetch/fetch.h"

struct slot {
    int index;
    CURL *easy;
    bool busy;
    struct hl_fetch_transfer x; /* libcurl points into it while busy */
};

struct multi_run {
    CURLM *multi;
    struct hl_work *work;
    struct hl_task_record *recs;
    int64_t next_task;
    int in_flight;
};

/* Starts tasks on `sl` until one is in flight or none is left. A task
 * that cannot even start is recorded as failed and the slot moves on. */
static void fill_slot(struct multi_run *m, struct slot *sl) {
    while (!sl->busy && m->next_task < m->work->ntasks && !hl_interrupted()) {
        int64_t t = m->next_task++;
        struct hl_task_record *rec = &m->recs[t];
        hl_task_begin(rec, sl->index);
        if (sl->easy == NULL) {
            snprintf(rec->error, sizeof rec->error, "cannot create a libcurl easy handle");
            hl_task_end(rec, rec->error);
            continue;
        }
        if (hl_fetch_transfer_setup(&sl->x, sl->easy, m->work, t, rec) != 0) {
            hl_task_end(rec, rec->error);
            continue;
        }
        curl_easy_setopt(sl->easy, CURLOPT_PRIVATE, (void *)sl);
        CURLMcode mc = curl_multi_add_handle(m->multi, sl->easy);
        if (mc != CURLM_OK) {
            snprintf(rec->error, sizeof rec->error, "curl_multi_add_handle: %s",
                     curl_multi_strerror(mc));
            hl_task_end(rec, rec->error);
            continue;
        }
        sl->busy = true;
        m->in_flight++;
    }
}

/* Ends every transfer libcurl reports done and refills its slot. Returns
 * true when a new transfer was added (so the loop must not sleep). */
static bool collect_done(struct multi_run *m) {
    bool added = false;
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(m->multi, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        /* msg is only valid until the handle is removed: read it first. */
        CURLcode code = msg->data.result;
        char *priv = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
        struct slot *sl = (struct slot *)priv;
        curl_multi_remove_handle(m->multi, sl->easy);
        sl->busy = false;
        m->in_flight--;
        int rc = hl_fetch_transfer_finish(&sl->x, code);
        hl_task_end(sl->x.rec, rc == 0 ? NULL : sl->x.rec->error);
        int before = m->in_flight;
        fill_slot(m, sl);
        added = added || m->in_flight > before;
    }
    return added;
}

/* Fails every transfer still in flight with `why` (the multi handle
 * itself broke), so no record is left half-done. */
static void abandon_all(struct multi_run *m, struct slot *slots, int n, const char *why) {
    for (int i = 0; i < n; i++) {
        if (!slots[i].busy)
            continue;
        curl_multi_remove_handle(m->multi, slots[i].easy);
        slots[i].busy = false;
        hl_task_end(slots[i].x.rec, why);
    }
    m->in_flight = 0;
}

static int multi_run(void *state, const struct hl_backend_config *cfg, struct hl_work *work,
                     struct hl_task_record *recs, struct hl_error *err) {
    (void)state;
    if (work->wl != &hl_workload_fetch)
        return hl_error_set(err, HL_ERR_RUNTIME, "curl-multi: can only run fetch, not %s",
                            work->wl->name);
    int n = cfg->workers;
    struct slot *slots = hl_calloc((size_t)n, sizeof *slots);
    struct multi_run m = {.multi = curl_multi_init(), .work = work, .recs = recs};
    if (slots == NULL || m.multi == NULL) {
        free(slots);
        curl_multi_cleanup(m.multi);
        return hl_error_set(err, HL_ERR_RUNTIME, "curl-multi: cannot create a multi handle");
    }
    for (int i = 0; i < n; i++) {
        slots[i].index = i;
        slots[i].easy = curl_easy_init(); /* NULL: fill_slot fails its tasks */
    }
    for (int i = 0; i < n; i++)
        fill_slot(&m, &slots[i]);

    int rc = 0;
    while (m.in_flight > 0) {
        int running = 0;
        CURLMcode mc = curl_multi_perform(m.multi, &running);
        if (mc == CURLM_OK && collect_done(&m))
            continue; /* new transfers: start them before sleeping */
        if (mc == CURLM_OK && m.in_flight > 0)
            mc = curl_multi_poll(m.multi, NULL, 0, 1000, NULL);
        if (mc != CURLM_OK) {
            rc = hl_error_set(err, HL_ERR_RUNTIME, "curl-multi: %s", curl_multi_strerror(mc));
            abandon_all(&m, slots, n, "curl-multi: the multi handle failed");
            break;
        }
    }
    for (int i = 0; i < n; i++)
        curl_easy_cleanup(slots[i].easy);
    curl_multi_cleanup(m.multi);
    free(slots);
    return rc;
}

const struct hl_backend hl_backend_curl_multi = {
    .name = "curl-multi",
    .summary = "fetch only: one thread, libcurl's multi interface, at most W transfers in flight",
    .kinds = HL_KIND_IO,
    .takes_workers = true,
    .default_workers = 0,
    .run = multi_run,
};
