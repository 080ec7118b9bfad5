#include "output/ceilings_io.h"

#include <math.h>
#include <string.h>

#include "util/fs.h"

static void rate(struct hl_json *j, const char *key, double v, int digits) {
    hl_json_key(j, key);
    if (v > 0)
        hl_json_fixed(j, v, digits);
    else
        hl_json_null(j);
}

static void write_cpu(struct hl_json *j, const struct hl_cpu_ceilings *cpu) {
    hl_json_key(j, "cpu");
    hl_json_object_begin(j);
    hl_json_key(j, "add_isa");
    hl_json_string(j, cpu->add_isa);
    hl_json_key(j, "cores");
    hl_json_int(j, cpu->cores);
    hl_json_key(j, "threads");
    hl_json_array_begin(j);
    for (int w = 1; w <= cpu->threads && w <= HL_CEIL_MAX_THREADS; w++) {
        hl_json_object_begin(j);
        hl_json_key(j, "threads");
        hl_json_int(j, w);
        rate(j, "copy_gbs", cpu->copy_gbs[w], 3);
        rate(j, "add_gops", cpu->add_gops[w], 3);
        hl_json_key(j, "thread_floor_s");
        hl_json_fixed(j, cpu->thread_floor_s[w], 9);
        hl_json_key(j, "fork_floor_s");
        hl_json_fixed(j, cpu->fork_floor_s[w], 9);
        hl_json_object_end(j);
    }
    hl_json_array_end(j);
    hl_json_object_end(j);
}

static void write_device(struct hl_json *j, const struct hl_device_ceilings *d) {
    hl_json_object_begin(j);
    hl_json_key(j, "index");
    hl_json_string(j, d->index);
    hl_json_key(j, "name");
    hl_json_string(j, d->name);
    hl_json_key(j, "driver");
    hl_json_string(j, d->driver);
    rate(j, "mem_gbs", d->mem_gbs, 3);
    rate(j, "add_gops", d->add_gops, 3);
    rate(j, "h2d_pageable_gbs", d->h2d_pageable_gbs, 3);
    rate(j, "d2h_pageable_gbs", d->d2h_pageable_gbs, 3);
    rate(j, "h2d_pinned_gbs", d->h2d_pinned_gbs, 3);
    rate(j, "d2h_pinned_gbs", d->d2h_pinned_gbs, 3);
    hl_json_key(j, "launch_s");
    hl_json_fixed(j, d->launch_s, 9);
    hl_json_object_end(j);
}

void hl_ceilings_write_json(struct hl_json *j, const struct hl_ceilings *c) {
    hl_json_object_begin(j);
    hl_json_key(j, "key");
    hl_json_string(j, c->key);
    hl_json_key(j, "quick");
    hl_json_bool(j, c->quick);
    hl_json_key(j, "taken_at");
    hl_json_fixed(j, c->taken_at, 3);
    hl_json_key(j, "age_s");
    hl_json_fixed(j, c->age_s, 3);
    write_cpu(j, &c->cpu);
    hl_json_key(j, "devices");
    hl_json_array_begin(j);
    for (size_t d = 0; d < c->ndevices && d < HL_CEIL_MAX_DEVICES; d++)
        write_device(j, &c->devices[d]);
    hl_json_array_end(j);
    hl_json_object_end(j);
}

void hl_ceilings_write_document(FILE *out, const struct hl_ceilings *c) {
    struct hl_json j;
    hl_json_init(&j, out);
    hl_json_object_begin(&j);
    hl_json_key(&j, "schema");
    hl_json_string(&j, HL_CEILINGS_SCHEMA);
    hl_json_key(&j, "ceilings");
    hl_ceilings_write_json(&j, c);
    hl_json_object_end(&j);
    fputc('\n', out);
}

static int write_file(FILE *out, void *ctx, struct hl_error *err) {
    (void)err;
    hl_ceilings_write_document(out, ctx);
    return 0;
}

int hl_ceilings_save(const char *dir, const char *name, const struct hl_ceilings *c,
                     struct hl_error *err) {
    return hl_write_file_atomic(dir, name, write_file, (void *)c, err);
}
