/* hetlane built without libcurl and libmicrohttpd (HETLANE_WITH_FETCH=OFF):
 * the fetch workload is not in the table, `serve` is refused with the
 * reason, and there is no library to set up. */
#include "workloads/fetch/fetch_setup.h"
#include "workloads/fetch/serve.h"

int hl_fetch_global_init(struct hl_error *err) {
    (void)err;
    return 0;
}

void hl_fetch_global_cleanup(void) {
}

int hl_serve(const struct hl_http_server_config *cfg, FILE *out, FILE *note, struct hl_error *err) {
    (void)cfg;
    (void)out;
    (void)note;
    return hl_error_set(err, HL_ERR_USAGE, "serve: built without HETLANE_WITH_FETCH");
}
