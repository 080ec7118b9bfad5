#include "backends/backend_list.h"

#include <stdio.h>
#include <string.h>

#include "backends/join.h"
#include "model/backend_traits.h"
#include "util/parse.h"
#include "util/sysinfo.h"

/* "pthread:2" for a name:W backend, else its name. */
static void label_config(struct hl_backend_config *c) {
    if (c->backend->takes_workers)
        snprintf(c->label, sizeof c->label, "%s:%d", c->backend->name, c->workers);
    else
        snprintf(c->label, sizeof c->label, "%s", c->backend->name);
}

void hl_backend_spec_syntax(const struct hl_backend *be, char *buf, size_t size) {
    snprintf(buf, size, "%s%s", be->name,
             be->takes_workers              ? ":W"
             : be->expand != NULL           ? "[:P:D]"
             : strcmp(be->name, "mpi") == 0 ? ":SPEC"
                                            : "");
}

/* "serial, pthread:W, fork:W, opencl[:P:D], curl-multi:W": every backend
 * this build has, as a -b spec. */
static void every_spec(char *buf, size_t size) {
    size_t n, len = 0;
    const struct hl_backend *const *bes = hl_backend_all(&n);
    buf[0] = '\0';
    for (size_t i = 0; i < n && len + 1 < size; i++) {
        char spec[64];
        hl_backend_spec_syntax(bes[i], spec, sizeof spec);
        int k = snprintf(buf + len, size - len, "%s%s", i > 0 ? ", " : "", spec);
        len += k > 0 ? (size_t)k : 0;
    }
}

/* The backend called name, or a usage error that says why there is none:
 * known but not built in, or unknown (with every name that is). */
static const struct hl_backend *find_backend(const char *name, struct hl_error *err) {
    const struct hl_backend *be = hl_backend_find(name);
    if (be != NULL)
        return be;
    const struct hl_backend_traits *t = hl_backend_traits_of(name);
    if (t->family != HL_FAMILY_OTHER) {
        hl_error_set(err, HL_ERR_USAGE, "--backend: this hetlane was built without %s (%s=OFF)",
                     t->built_with, t->build_option);
        return NULL;
    }
    char specs[256];
    every_spec(specs, sizeof specs);
    hl_error_set(err, HL_ERR_USAGE, "--backend: unknown backend '%s' (try: %s)", name, specs);
    return NULL;
}

static int add_local_item(struct hl_backend_list *list, const char *item, struct hl_error *err);
static int add_join(struct hl_backend_list *list, const char *item, struct hl_error *err);

/* mpi:SPEC: SPEC parsed as any one item, then run by every rank. */
static int add_mpi_item(struct hl_backend_list *list, const char *item, struct hl_error *err) {
    const struct hl_backend *mpi = find_backend("mpi", err);
    if (mpi == NULL)
        return -1;
    const char *spec = item[3] == ':' ? item + 4 : NULL;
    if (spec == NULL || *spec == '/' || *spec == '\0')
        return hl_error_set(err, HL_ERR_USAGE,
                            "--backend: '%s' needs the spec each rank runs: mpi:SPEC "
                            "(mpi:serial, mpi:pthread:4, mpi:opencl:0:0)",
                            item);
    if (list->count >= HL_MAX_CONFIGS)
        return hl_error_set(err, HL_ERR_USAGE, "--backend: more than %d configurations",
                            HL_MAX_CONFIGS);
    static struct hl_backend_list one; /* large; the parser runs on one thread */
    one.count = 0;
    /* A join (mpi:pthread:2+opencl:0:0) runs on every rank as it would
     * on one machine; rank 0 sends its participants by name. */
    if ((strchr(spec, '+') != NULL ? add_join(&one, spec, err) : add_local_item(&one, spec, err)) !=
        0)
        return -1;
    if (one.count != 1)
        return hl_error_set(err, HL_ERR_USAGE,
                            "--backend: '%s' names %zu configurations; each rank runs one "
                            "(name the device: mpi:opencl:P:D)",
                            item, one.count);
    struct hl_backend_config *c = &list->items[list->count];
    *c = one.items[0];
    c->local = c->backend;
    c->backend = mpi;
    snprintf(c->label, sizeof c->label, "mpi:%.*s", HL_LABEL_MAX - 5, one.items[0].label);
    list->count++;
    return 0;
}

/* One item that runs here: every backend but mpi. */
static int add_local_item(struct hl_backend_list *list, const char *item, struct hl_error *err) {
    char name[32];
    /* The name ends at ':' (arguments follow) or at '/' (a mode follows,
     * "opencl/pinned"; the backend's expand() sees it with its slash). */
    size_t len = strcspn(item, ":/");
    const char *args = item[len] == ':' ? item + len + 1 : item[len] == '/' ? item + len : NULL;
    if (len == 0 || len >= sizeof name)
        return hl_error_set(err, HL_ERR_USAGE, "--backend: bad backend spec '%s'", item);
    memcpy(name, item, len);
    name[len] = '\0';
    const struct hl_backend *be = find_backend(name, err);
    if (be == NULL)
        return -1;
    if (strcmp(name, "mpi") == 0)
        return hl_error_set(err, HL_ERR_USAGE, "--backend: '%s': mpi inside mpi", item);
    if (list->count >= HL_MAX_CONFIGS)
        return hl_error_set(err, HL_ERR_USAGE, "--backend: more than %d configurations",
                            HL_MAX_CONFIGS);
    if (be->expand != NULL) {
        size_t added = 0;
        if (be->expand(args, &list->items[list->count], HL_MAX_CONFIGS - list->count, &added,
                       err) != 0)
            return -1;
        list->count += added;
        return 0;
    }
    struct hl_backend_config *c = &list->items[list->count];
    memset(c, 0, sizeof *c);
    c->backend = be;
    c->platform = c->device = -1;
    c->workers = be->default_workers > 0 ? be->default_workers : hl_sys_cores();
    if (item[len] == '/')
        return hl_error_set(err, HL_ERR_USAGE, "--backend: '%s': only opencl takes a /MODE", item);
    if (args != NULL) {
        if (!be->takes_workers)
            return hl_error_set(err, HL_ERR_USAGE, "--backend: '%s' takes no worker count", item);
        int64_t w;
        char what[64];
        snprintf(what, sizeof what, "--backend %s", name);
        if (hl_parse_i64(args, what, 1, HL_MAX_WORKERS, &w, err) != 0)
            return -1;
        c->workers = (int)w;
    }
    label_config(c);
    list->count++;
    return 0;
}

/* A join, "A+B[+C...]": each participant parsed as its own item (bare
 * opencl: every device), then joined into one configuration. */
static int add_join(struct hl_backend_list *list, const char *item, struct hl_error *err) {
    struct hl_backend_list parts = {.count = 0};
    const char *p = item;
    for (;;) {
        const char *plus = strchr(p, '+');
        size_t len = plus != NULL ? (size_t)(plus - p) : strlen(p);
        char part[64];
        if (len == 0)
            return hl_error_set(err, HL_ERR_USAGE,
                                "--backend '%s': empty participant (a join is A+B, e.g. "
                                "pthread:2+opencl:0:0)",
                                item);
        if (len >= sizeof part)
            return hl_error_set(err, HL_ERR_USAGE, "--backend '%s': bad participant", item);
        memcpy(part, p, len);
        part[len] = '\0';
        if (strncmp(part, "mpi", 3) == 0 && strchr(":/", part[3]) != NULL)
            return hl_error_set(err, HL_ERR_USAGE,
                                "--backend '%s': mpi: cannot be joined with other backends "
                                "(a join runs on one machine)",
                                item);
        if (add_local_item(&parts, part, err) != 0) {
            /* The participant's reason, under the whole join's name. */
            char why[HL_ERROR_MSG_MAX];
            const char *msg = err->msg;
            if (strncmp(msg, "--backend", 9) == 0)
                msg += 9 + strspn(msg + 9, ": ");
            snprintf(why, sizeof why, "%s", msg);
            memset(err, 0, sizeof *err); /* the first error set is kept: replace it */
            return hl_error_set(err, HL_ERR_USAGE, "--backend '%s': %s", item, why);
        }
        if (plus == NULL)
            break;
        p = plus + 1;
    }
    if (list->count >= HL_MAX_CONFIGS)
        return hl_error_set(err, HL_ERR_USAGE, "--backend: more than %d configurations",
                            HL_MAX_CONFIGS);
    if (hl_join_make(parts.items, parts.count, item, &list->items[list->count], err) != 0)
        return -1;
    list->count++;
    return 0;
}

/* One item of a -b list: mpi:SPEC, a join, or one local backend. */
static int add_item(struct hl_backend_list *list, const char *item, struct hl_error *err) {
    bool mpi = strncmp(item, "mpi", 3) == 0 && strchr(":/", item[3]) != NULL;
    return mpi                         ? add_mpi_item(list, item, err)
           : strchr(item, '+') != NULL ? add_join(list, item, err)
                                       : add_local_item(list, item, err);
}

int hl_backend_list_parse(struct hl_backend_list *list, const char *spec, struct hl_error *err) {
    if (*spec == '\0')
        return hl_error_set(err, HL_ERR_USAGE, "--backend: empty backend list");
    const char *p = spec;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
        char item[256];
        if (len == 0 || len >= sizeof item)
            return hl_error_set(err, HL_ERR_USAGE, "--backend: bad backend list '%s'", spec);
        memcpy(item, p, len);
        item[len] = '\0';
        if (add_item(list, item, err) != 0)
            return -1;
        if (comma == NULL)
            return 0;
        p = comma + 1;
    }
}

int hl_backend_list_add_devices(struct hl_backend_list *list, unsigned kinds,
                                struct hl_error *why) {
    size_t nbe, before = list->count;
    const struct hl_backend *const *bes = hl_backend_all(&nbe);
    for (size_t i = 0; i < nbe; i++) {
        const struct hl_backend *be = bes[i];
        if (be->expand == NULL || (be->kinds & kinds) == 0)
            continue;
        struct hl_error e = {0};
        size_t added = 0;
        if (be->expand(NULL, &list->items[list->count], HL_MAX_CONFIGS - list->count, &added, &e) ==
            0) {
            list->count += added;
            continue;
        }
        if (e.status == HL_ERR_RUNTIME)
            return hl_error_set(why, HL_ERR_RUNTIME, "%s", e.msg);
        /* The reason as the parser words it, less the option nobody gave. */
        const char *msg = e.msg, *opt = strstr(msg, ": ");
        if (strncmp(msg, "--backend", 9) == 0 && opt != NULL)
            msg = opt + 2;
        hl_error_set(why, HL_ERR_USAGE, "%s", msg);
    }
    if (list->count > before)
        return 0;
    if (why->status == HL_OK)
        hl_error_set(why, HL_ERR_USAGE, "this hetlane was built without OpenCL");
    return -1;
}

void hl_backend_list_drop_repeats(struct hl_backend_list *list) {
    size_t kept = 0;
    for (size_t i = 0; i < list->count; i++) {
        bool seen = false;
        for (size_t k = 0; k < kept && !seen; k++)
            seen = strcmp(list->items[k].label, list->items[i].label) == 0;
        if (!seen)
            list->items[kept++] = list->items[i];
    }
    list->count = kept;
}

void hl_backend_list_no_overlap(struct hl_backend_list *list) {
    for (size_t i = 0; i < list->count; i++) {
        struct hl_backend_config *c = &list->items[i];
        if (c->platform < 0)
            continue;
        c->workers = 1;
        size_t len = strlen(c->label);
        snprintf(c->label + len, sizeof c->label - len, "/no-overlap");
    }
}
