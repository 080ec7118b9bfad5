#include "workloads/fetch/serve.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>

int hl_serve(const struct hl_http_server_config *cfg, FILE *out, FILE *note, struct hl_error *err) {
    /* Block the stop signals before the server's threads exist: they
     * inherit the mask, so only sigwait() below ever takes the signal and
     * no thread is interrupted in the middle of a request. */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    int e = pthread_sigmask(SIG_BLOCK, &stop, &old);
    if (e != 0)
        return hl_error_errno(err, HL_ERR_RUNTIME, e, "serve: pthread_sigmask");

    struct hl_http_server *server = hl_http_server_start(cfg, err);
    if (server == NULL) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        return -1;
    }
    char url[64];
    hl_http_server_url(server, url, sizeof url);
    fprintf(out, "%s\n", url);
    fflush(out);
    fprintf(note,
            "hetlane: serving %s %s: every GET waits %" PRId64 " ms, then sends %" PRId64
            " bytes; Ctrl-C stops\n",
            url, cfg->bind == NULL ? "on loopback only" : "on the address asked for",
            cfg->latency_ms, cfg->body_size);
    fflush(note);

    int sig = 0;
    do {
        e = sigwait(&stop, &sig);
    } while (e == EINTR);
    if (e != 0)
        sig = 0; /* cannot wait: stop now rather than serve forever */

    uint64_t answered = hl_http_server_requests(server);
    hl_http_server_stop(server);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    fprintf(note, "hetlane: %s, stopped after %" PRIu64 " requests\n",
            sig != 0 ? strsignal(sig) : "sigwait failed", answered);
    return 0;
}
