/* The MPI session: init and finalize, ranks and their hosts, the clock
 * exchanges, and the two calls every message goes through. Only the
 * calling (main) thread makes MPI calls (MPI_THREAD_FUNNELED). */
#include <mpi.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#include "backends/mpi/mpi.h"
#include "backends/mpi/mpi_proto.h"
#include "util/alloc.h"
#include "util/interrupt.h"
#include "util/parse.h"
#include "util/timing.h"

#define HOST_MAX 64
#define CLOCK_PINGS 40

static struct {
    bool started;
    int rank, size;
    char (*hosts)[HOST_MAX];
    struct hl_clock_fit *start, *latest;
    double timeout_s;
} session = {.size = 1};

int hl_mpi_rank(void) {
    return session.rank;
}

int hl_mpi_size(void) {
    return session.size;
}

const char *hl_mpi_host(int rank) {
    return session.hosts != NULL && rank >= 0 && rank < session.size ? session.hosts[rank] : "";
}

double hl_mpi_timeout_s(void) {
    return session.timeout_s;
}

bool hl_mpi_wanted(const struct hl_backend_list *list) {
    for (size_t i = 0; i < list->count; i++) {
        if (list->items[i].local != NULL)
            return true;
    }
    return false;
}

static int mpi_fail(struct hl_error *err, int code, const char *what) {
    char text[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(code, text, &len);
    return hl_error_set(err, HL_ERR_RUNTIME, "mpi: %s: %s", what, text);
}

int hl_mpi_send(int to, const struct hl_mpi_msg *m, const void *payload, size_t bytes,
                struct hl_error *err) {
    size_t total = sizeof *m + bytes;
    if (total > (size_t)INT32_MAX)
        return hl_error_set(err, HL_ERR_RUNTIME, "mpi: a message of %zu bytes is too large", total);
    char *buf = hl_malloc(total);
    if (buf == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "mpi: cannot allocate a %zu-byte message", total);
    memcpy(buf, m, sizeof *m);
    if (bytes > 0)
        memcpy(buf + sizeof *m, payload, bytes);
    int tag = session.rank == 0 ? HL_MPI_TAG_CMD : HL_MPI_TAG_REPLY;
    /* Isend + Test to a deadline: a peer that stops receiving a large
     * message (rendezvous) never holds this rank forever. */
    MPI_Request req;
    /* Completed by the MPI_Test loop below (or freed at the deadline),
     * which the MPI checker does not count as a wait. */
    // NOLINTBEGIN(clang-analyzer-optin.mpi.MPI-Checker)
    int rc = MPI_Isend(buf, (int)total, MPI_BYTE, to, tag, MPI_COMM_WORLD, &req);
    int64_t deadline = hl_now_ns() + (int64_t)(session.timeout_s * 1e9);
    int done = 0;
    while (rc == MPI_SUCCESS && !done) {
        rc = MPI_Test(&req, &done, MPI_STATUS_IGNORE);
        if (!done) /* let the receiver run where ranks share cores */
            sched_yield();
        if (!done && hl_now_ns() > deadline) {
            /* The session is over for this peer; the send may still read
             * buf, so it stays (the run is given up and every rank ended). */
            MPI_Request_free(&req);
            return hl_error_set(err, HL_ERR_RUNTIME,
                                "mpi: rank %d (host %s) took no message for %.0f s (hung or dead); "
                                "HETLANE_MPI_TIMEOUT sets the limit",
                                to, hl_mpi_host(to), session.timeout_s);
        }
    }
    if (rc == MPI_SUCCESS) /* done: the request is MPI_REQUEST_NULL, this returns at once */
        rc = MPI_Wait(&req, MPI_STATUS_IGNORE);
    free(buf);
    return rc == MPI_SUCCESS ? 0 : mpi_fail(err, rc, "send");
    // NOLINTEND(clang-analyzer-optin.mpi.MPI-Checker)
}

int hl_mpi_wait(int from, bool spin, int64_t deadline_ns, struct hl_mpi_msg *m, void **payload,
                size_t *bytes, struct hl_error *err) {
    int tag = session.rank == 0 ? HL_MPI_TAG_REPLY : HL_MPI_TAG_CMD;
    *payload = NULL;
    *bytes = 0;
    int64_t busy_until = spin ? hl_now_ns() + 50000 : 0;
    for (;;) {
        int flag = 0;
        MPI_Status st;
        int rc = MPI_Iprobe(from < 0 ? MPI_ANY_SOURCE : from, tag, MPI_COMM_WORLD, &flag, &st);
        if (rc != MPI_SUCCESS)
            return mpi_fail(err, rc, "probe");
        if (flag) {
            int count = 0;
            MPI_Get_count(&st, MPI_BYTE, &count);
            char *buf = hl_malloc(count > 0 ? (size_t)count : 1);
            if (buf == NULL)
                return hl_error_set(err, HL_ERR_RUNTIME, "mpi: cannot allocate %d bytes", count);
            rc = MPI_Recv(buf, count, MPI_BYTE, st.MPI_SOURCE, tag, MPI_COMM_WORLD,
                          MPI_STATUS_IGNORE);
            if (rc != MPI_SUCCESS || (size_t)count < sizeof *m) {
                free(buf);
                return rc != MPI_SUCCESS ? mpi_fail(err, rc, "receive")
                                         : hl_error_set(err, HL_ERR_RUNTIME,
                                                        "mpi: a %d-byte message from rank %d",
                                                        count, st.MPI_SOURCE);
            }
            memcpy(m, buf, sizeof *m);
            *bytes = (size_t)count - sizeof *m;
            if (*bytes > 0) {
                memmove(buf, buf + sizeof *m, *bytes);
                *payload = buf;
            } else {
                free(buf);
            }
            return 1;
        }
        if (hl_interrupted() || hl_now_ns() > deadline_ns)
            return 0;
        /* Spinning: poll at once for 50 us (an answer on an idle host
         * comes within that), then nap 10 us at a time. Not sched_yield:
         * on a busy core a yielding poller waits out other processes'
         * whole time slices (a 2 ms clock round trip under two busy
         * loops), a napping one is woken ahead of them. */
        if (!spin || hl_now_ns() > busy_until) {
            struct timespec nap = {0, spin ? 10000 : 50000}; /* 50 us: cheap on shared cores */
            nanosleep(&nap, NULL);
        }
    }
}

/* A kept round trip at or under this is as good as one host gives (its
 * offset good to 20 us); above it, on a busy host or a slow link, more
 * pings are worth CLOCK_EXTRA_NS for a luckier exchange (the offset's
 * error is half the best round trip, and a loaded 2-core machine gave
 * 4 ms from 40 pings). */
#define CLOCK_GOOD_RTT_NS 40000
#define CLOCK_EXTRA_NS 50000000
#define CLOCK_PINGS_MAX 2000

int hl_mpi_clock_measure(int r, int n, struct hl_clock_fit *fit, struct hl_error *err) {
    struct hl_mpi_msg sync = {.op = HL_MPI_SYNC, .a = CLOCK_PINGS_MAX};
    if (hl_mpi_send(r, &sync, NULL, 0, err) != 0)
        return -1;
    struct hl_clock_exchange best = {0};
    int64_t began = hl_now_ns();
    bool last = false;
    for (int i = 0; !last; i++) {
        int64_t spent = hl_now_ns() - began;
        last = i + 1 >= CLOCK_PINGS_MAX ||
               (i + 1 >= n &&
                (best.t1_ns - best.t0_ns <= CLOCK_GOOD_RTT_NS || spent > CLOCK_EXTRA_NS));
        struct hl_mpi_msg ping = {.op = HL_MPI_PING, .a = i, .b = last}, pong = {0};
        void *payload;
        size_t bytes;
        struct hl_clock_exchange x = {.t0_ns = hl_now_ns()};
        if (hl_mpi_send(r, &ping, NULL, 0, err) != 0)
            return -1;
        int got = hl_mpi_wait(r, true, x.t0_ns + (int64_t)(session.timeout_s * 1e9), &pong,
                              &payload, &bytes, err);
        x.t1_ns = hl_now_ns();
        free(payload);
        if (got < 0)
            return -1;
        if (got == 0 && hl_interrupted())
            return hl_error_set(err, HL_ERR_RUNTIME, "mpi: interrupted in a clock exchange");
        if (got == 0 || pong.op != HL_MPI_CLOCK)
            return hl_error_set(err, HL_ERR_RUNTIME,
                                "mpi: rank %d (host %s) did not answer its clock ping within "
                                "%.0f s (hung or dead); HETLANE_MPI_TIMEOUT sets the limit",
                                r, hl_mpi_host(r), session.timeout_s);
        x.remote_ns = pong.a;
        if (i == 0 || x.t1_ns - x.t0_ns < best.t1_ns - best.t0_ns)
            best = x;
    }
    *fit = hl_clock_best(&best, 1);
    return 0;
}

int hl_mpi_clock_answer(int most, struct hl_error *err) {
    int64_t deadline = hl_now_ns() + (int64_t)(session.timeout_s * 1e9);
    for (int i = 0; i < most; i++) {
        struct hl_mpi_msg ping;
        void *payload;
        size_t bytes;
        int got = hl_mpi_wait(0, true, deadline, &ping, &payload, &bytes, err);
        free(payload);
        if (got <= 0)
            return got < 0 ? -1 : hl_error_set(err, HL_ERR_RUNTIME, "mpi: rank 0 stopped pinging");
        struct hl_mpi_msg pong = {.op = HL_MPI_CLOCK, .rank = session.rank, .a = hl_now_ns()};
        if (hl_mpi_send(0, &pong, NULL, 0, err) != 0)
            return -1;
        if (ping.b) /* rank 0 marks its last ping */
            return 0;
    }
    return 0;
}

const struct hl_clock_fit *hl_mpi_clock_start(int r) {
    return &session.start[r];
}

const struct hl_clock_fit *hl_mpi_clock_latest(int r) {
    return &session.latest[r];
}

bool hl_mpi_clock_set_latest(int r, const struct hl_clock_fit *fit) {
    /* An exchange much slower than the start's (a busy host, a congested
     * link) would put the drift line off by its own error: keep the
     * previous end then, so the bound stays what the start measured. */
    int64_t limit = 2 * session.start[r].rtt_ns + 20000;
    if (fit->rtt_ns > limit)
        return false;
    session.latest[r] = *fit;
    return true;
}

/* HETLANE_MPI_TIMEOUT (seconds, default 120): how long a rank may owe an
 * answer before the run is given up. */
static double timeout_from_env(void) {
    const char *v = getenv("HETLANE_MPI_TIMEOUT");
    int64_t s;
    struct hl_error ignored = {0};
    if (v != NULL && hl_parse_i64(v, "HETLANE_MPI_TIMEOUT", 1, 86400, &s, &ignored) == 0)
        return (double)s;
    return 120;
}

int hl_mpi_start(struct hl_error *err) {
    int provided = 0;
    session.timeout_s = timeout_from_env();
    /* Naps in a clock exchange are 10 us: without this Linux may stretch
     * each by its default 50 us slack (this thread only: MPI calls are
     * made from it alone). */
    (void)prctl(PR_SET_TIMERSLACK, 1000UL, 0UL, 0UL, 0UL);
    if (hl_mpi_watchdog_arm("MPI_Init", -1, session.timeout_s, err) != 0)
        return -1;
    int rc = MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    hl_mpi_watchdog_disarm();
    if (rc != MPI_SUCCESS)
        return mpi_fail(err, rc, "init");
    session.started = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &session.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &session.size);
    /* Errors come back as codes, so a failure is reported, not aborted. */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    size_t n = (size_t)session.size;
    session.hosts = hl_calloc(n, HOST_MAX);
    session.start = hl_calloc(n, sizeof *session.start);
    session.latest = hl_calloc(n, sizeof *session.latest);
    if (session.hosts == NULL || session.start == NULL || session.latest == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "mpi: cannot allocate the rank table");
    char me[MPI_MAX_PROCESSOR_NAME] = "";
    int len = 0;
    MPI_Get_processor_name(me, &len);
    char mine[HOST_MAX] = "";
    snprintf(mine, sizeof mine, "%s", me);
    if (hl_mpi_watchdog_arm("gathering host names", session.rank, session.timeout_s, err) != 0)
        return -1;
    rc = MPI_Allgather(mine, HOST_MAX, MPI_CHAR, session.hosts, HOST_MAX, MPI_CHAR, MPI_COMM_WORLD);
    hl_mpi_watchdog_disarm();
    if (rc != MPI_SUCCESS)
        return mpi_fail(err, rc, "gathering host names");
    if (session.rank != 0)
        return session.rank;
    for (int r = 1; r < session.size; r++) {
        if (hl_mpi_clock_measure(r, CLOCK_PINGS, &session.start[r], err) != 0)
            return -1;
        session.latest[r] = session.start[r];
    }
    return 0;
}

int hl_mpi_finish(int status) {
    /* After Ctrl-C mpirun is ending every rank: no QUIT to send to ranks
     * already gone, no finalize to wait in. */
    if (!session.started || hl_interrupted())
        return status;
    struct hl_error err = {0};
    if (session.rank == 0) {
        for (int r = 1; r < session.size; r++) {
            struct hl_mpi_msg quit = {.op = HL_MPI_QUIT, .a = status};
            if (hl_mpi_send(r, &quit, NULL, 0, &err) != 0) {
                /* That rank would hold MPI_Finalize: end them all now. */
                fprintf(stderr, "hetlane: %s; ending every rank\n", err.msg);
                fflush(stderr);
                MPI_Abort(MPI_COMM_WORLD, HL_ERR_RUNTIME);
            }
        }
    }
    /* A rank that stopped after its last message would hold finalize. */
    bool watched = hl_mpi_watchdog_arm("MPI_Finalize", session.rank, session.timeout_s, &err) == 0;
    MPI_Finalize();
    if (watched)
        hl_mpi_watchdog_disarm();
    session.started = false;
    free(session.hosts);
    free(session.start);
    free(session.latest);
    session.hosts = NULL;
    session.start = session.latest = NULL;
    return status;
}

void hl_mpi_abort(int status) {
    if (session.started)
        MPI_Abort(MPI_COMM_WORLD, status);
}

int hl_mpi_fill_results(struct hl_results *r, struct hl_error *err) {
    if (!session.started || session.rank != 0)
        return 0;
    r->ranks = hl_calloc((size_t)session.size, sizeof *r->ranks);
    if (r->ranks == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "mpi: cannot allocate the rank table");
    r->nranks = (size_t)session.size;
    for (int i = 0; i < session.size; i++) {
        struct hl_rank_clock *c = &r->ranks[i];
        const struct hl_clock_fit *s = &session.start[i], *e = &session.latest[i];
        c->rank = i;
        c->host = hl_strdup(session.hosts[i]);
        if (c->host == NULL)
            return hl_error_set(err, HL_ERR_RUNTIME, "mpi: cannot allocate the rank table");
        c->offset_s = (double)s->offset_ns * 1e-9;
        c->drift_ppm = hl_clock_drift_ppm(s, e);
        int64_t rtt = s->rtt_ns > e->rtt_ns ? s->rtt_ns : e->rtt_ns;
        c->rtt_s = (double)rtt * 1e-9;
        c->bound_s = c->rtt_s / 2;
    }
    return 0;
}

void hl_mpi_print_clocks(FILE *out) {
    if (!session.started || session.rank != 0 || out == NULL)
        return;
    int64_t worst = 0, bound = 0;
    double drift = 0;
    for (int r = 1; r < session.size; r++) {
        int64_t o = llabs(session.start[r].offset_ns);
        worst = o > worst ? o : worst;
        int64_t b = session.start[r].rtt_ns > session.latest[r].rtt_ns ? session.start[r].rtt_ns
                                                                       : session.latest[r].rtt_ns;
        bound = b / 2 > bound ? b / 2 : bound;
        double d = hl_clock_drift_ppm(&session.start[r], &session.latest[r]);
        drift = d * d > drift * drift ? d : drift;
    }
    int hosts = 0;
    for (int r = 0; r < session.size; r++) {
        bool seen = false;
        for (int q = 0; q < r && !seen; q++)
            seen = strcmp(session.hosts[q], session.hosts[r]) == 0;
        hosts += !seen;
    }
    fprintf(out,
            "mpi: %d rank%s on %d host%s; clock offsets against rank 0: largest %.1f us, "
            "bound +-%.1f us (half the best round trip), drift %.2f ppm\n",
            session.size, session.size == 1 ? "" : "s", hosts, hosts == 1 ? "" : "s",
            (double)worst * 1e-3, (double)bound * 1e-3, drift);
}
