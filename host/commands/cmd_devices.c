/* hetlane devices: the CPU, the backends built in, and every device. */
#include <stdio.h>

#include "backends/backend.h"
#include "backends/devices.h"
#include "commands/commands.h"
#include "util/json_writer.h"
#include "util/sysinfo.h"

static void backends_json(struct hl_json *j) {
    size_t n;
    const struct hl_backend *const *bes = hl_backend_all(&n);
    hl_json_array_begin(j);
    for (size_t i = 0; i < n; i++) {
        hl_json_object_begin(j);
        hl_json_key(j, "name");
        hl_json_string(j, bes[i]->name);
        hl_json_key(j, "takes_workers");
        hl_json_bool(j, bes[i]->takes_workers);
        hl_json_key(j, "max_workers");
        hl_json_int(j, bes[i]->takes_workers ? HL_MAX_WORKERS : bes[i]->default_workers);
        hl_json_key(j, "summary");
        hl_json_string(j, bes[i]->summary);
        hl_json_object_end(j);
    }
    hl_json_array_end(j);
}

static int devices_json(const char *cpu, int cores) {
    struct hl_json j;
    hl_json_init(&j, stdout);
    hl_json_object_begin(&j);
    hl_json_key(&j, "cpu");
    hl_json_object_begin(&j);
    hl_json_key(&j, "name");
    hl_json_string(&j, cpu);
    hl_json_key(&j, "cores");
    hl_json_int(&j, cores);
    hl_json_object_end(&j);
    hl_json_key(&j, "backends");
    backends_json(&j);
    hl_json_key(&j, "opencl");
    struct hl_error err = {0};
    int rc = hl_devices_describe(stdout, &j, &err) != 0 ? hl_cmd_fail(&err) : 0;
    hl_json_object_end(&j);
    fputc('\n', stdout);
    return rc;
}

int hl_cmd_devices(const struct hl_config *cfg) {
    int cores = hl_sys_cores();
    char cpu[256];
    hl_sys_cpu_model(cpu, sizeof cpu);
    if (cfg->json)
        return devices_json(cpu, cores);
    size_t n;
    const struct hl_backend *const *bes = hl_backend_all(&n);
    printf("CPU: %s, %d cores available to this process\n\nBackends:\n", cpu, cores);
    for (size_t i = 0; i < n; i++) {
        char spec[32];
        snprintf(spec, sizeof spec, "%s%s", bes[i]->name, bes[i]->takes_workers ? ":W" : "");
        printf("  %-12s %s\n", spec, bes[i]->summary);
    }
    printf("\n");
    struct hl_error err = {0};
    return hl_devices_describe(stdout, NULL, &err) != 0 ? hl_cmd_fail(&err) : 0;
}
