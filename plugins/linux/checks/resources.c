/* resources.c — linux.resources: memory, cpu and pids controllers
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "linux-checks.h"

static const OciRequirement resource_requirements[] = {
  { "linux.resources.memory.value", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxMemory", "1.0.0", NULL,
    "a memory limit is a number of bytes or -1 for unlimited (advice: the memory controller "
    "refuses other negative values)" },
  { "linux.resources.memory.swap", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxMemory", "1.0.0", NULL,
    "swap limits memory plus swap: it is not below limit (advice: the kernel and runc refuse "
    "this)" },
  { "linux.resources.memory.reservation", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxMemory", "1.0.0", NULL,
    "a reservation (soft limit) is not above limit (hard limit) (advice: it has no effect "
    "otherwise)" },
  { "linux.resources.memory.swappiness", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxMemory", "1.0.0", NULL,
    "swappiness is from 0 to 100 (advice: the memory controller refuses others)" },
  { "linux.resources.cpu.burst", OCI_LEVEL_MUST, "config-linux.md", "configLinuxCPU", "1.1.0", NULL,
    "a positive quota MUST be no smaller than burst" },
  { "linux.resources.cpu.realtime", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxCPU", "1.0.0", NULL,
    "realtimeRuntime does not exceed realtimePeriod (advice: the kernel refuses this)" },
  { "linux.resources.cpu.idle", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxCPU", "1.1.0", NULL,
    "idle is 0 (default behaviour) or 1 (SCHED_IDLE) (advice: the text lists the values "
    "without a keyword; the cpu controller takes no other)" },
  { "linux.resources.cpu.list", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxCPU", "1.0.0", "1.2.1",
    "cpus and mems are cpuset lists, such as 0-3,7 (advice: the syntax the kernel reads)" },
  { "linux.resources.cpu.list", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxCPU", "1.2.1", NULL,
    "cpus and mems are comma-separated lists with dashes for ranges, such as 0-3,7 (advice: "
    "the text gives the format without a keyword; the kernel reads no other)" },
  { "linux.resources.pids.limit", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxPIDS", "1.0.0", "1.3.0",
    "the pids limit is a number of tasks or -1 (max) (advice: the pids controller refuses "
    "other negative values)" },
  { "linux.resources.pids.limit", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxPIDS", "1.3.0", NULL,
    "the pids limit is a number of tasks, 0 included, or -1 for no limit (advice: the pids "
    "controller refuses other negative values)" },
};

static const char *const memory_limits[] = { "limit", "reservation", "swap", "kernel", "kernelTCP" };

static void
check_memory (OciCheckContext *ctx, JsonObject *memory)
{
  gint64 limit, reservation, swap, swappiness;
  gboolean has_limit = oci_json_object_get_int (memory, "limit", &limit) && limit >= 0;

  for (gsize i = 0; i < G_N_ELEMENTS (memory_limits); i++)
    {
      g_autofree char *ptr = g_strconcat ("/linux/resources/memory/", memory_limits[i], NULL);
      gint64 value;

      if (oci_json_object_get_int (memory, memory_limits[i], &value))
        oci_check_expect (ctx, value >= -1, "linux.resources.memory.value", ptr,
                          "%s %" G_GINT64_FORMAT " is neither bytes nor -1", memory_limits[i], value);
    }
  if (has_limit && oci_json_object_get_int (memory, "swap", &swap) && swap >= 0)
    oci_check_expect (ctx, swap >= limit, "linux.resources.memory.swap", "/linux/resources/memory/swap",
                      "swap %" G_GINT64_FORMAT " (memory plus swap) is below limit %" G_GINT64_FORMAT, swap, limit);
  if (has_limit && oci_json_object_get_int (memory, "reservation", &reservation))
    oci_check_expect (ctx, reservation <= limit, "linux.resources.memory.reservation",
                      "/linux/resources/memory/reservation",
                      "reservation %" G_GINT64_FORMAT " is above limit %" G_GINT64_FORMAT, reservation, limit);
  if (oci_json_object_get_int (memory, "swappiness", &swappiness))
    oci_check_expect (ctx, swappiness >= 0 && swappiness <= 100, "linux.resources.memory.swappiness",
                      "/linux/resources/memory/swappiness", "swappiness %" G_GINT64_FORMAT " is not from 0 to 100",
                      swappiness);
}

static void
check_cpu (OciCheckContext *ctx, JsonObject *cpu)
{
  const char *lists[] = { "cpus", "mems" };
  gint64 quota, burst, runtime, period, idle;

  if (oci_json_object_get_int (cpu, "quota", &quota) && quota > 0
      && oci_json_object_get_int (cpu, "burst", &burst))
    oci_check_expect (ctx, quota >= burst, "linux.resources.cpu.burst", "/linux/resources/cpu/burst",
                      "burst %" G_GINT64_FORMAT " is larger than quota %" G_GINT64_FORMAT, burst, quota);
  if (oci_json_object_get_int (cpu, "realtimeRuntime", &runtime) && runtime >= 0
      && oci_json_object_get_int (cpu, "realtimePeriod", &period))
    oci_check_expect (ctx, runtime <= period, "linux.resources.cpu.realtime",
                      "/linux/resources/cpu/realtimeRuntime",
                      "realtimeRuntime %" G_GINT64_FORMAT " exceeds realtimePeriod %" G_GINT64_FORMAT, runtime, period);
  if (oci_json_object_get_int (cpu, "idle", &idle))
    oci_check_expect (ctx, idle == 0 || idle == 1, "linux.resources.cpu.idle", "/linux/resources/cpu/idle",
                      "idle %" G_GINT64_FORMAT " is neither 0 nor 1", idle);
  for (gsize i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      const char *list = oci_json_object_get_string (cpu, lists[i]);
      g_autofree char *ptr = g_strconcat ("/linux/resources/cpu/", lists[i], NULL);

      if (list)
        oci_check_expect (ctx, linux_check_id_list (list, NULL), "linux.resources.cpu.list", ptr,
                          "\"%s\" is not a list such as 0-3,7", list);
    }
}

static gboolean
check_resources (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  JsonObject *memory = oci_config_get_object (config, "/linux/resources/memory");
  JsonObject *cpu = oci_config_get_object (config, "/linux/resources/cpu");
  gint64 pids;

  if (memory)
    check_memory (ctx, memory);
  if (cpu)
    check_cpu (ctx, cpu);
  if (oci_config_get_int (config, "/linux/resources/pids/limit", &pids))
    oci_check_expect (ctx, pids >= -1, "linux.resources.pids.limit", "/linux/resources/pids/limit",
                      "the pids limit %" G_GINT64_FORMAT " is neither a number of tasks nor -1", pids);
  return TRUE;
}

static const OciChecker resource_checkers[] = {
  { "linux.resources", "memory, cpu and pids limits", OCI_PHASE_BUNDLE, check_resources },
};

void
linux_checks_resources_register (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, resource_requirements, G_N_ELEMENTS (resource_requirements));
  oci_plugin_add_checkers (plugin, resource_checkers, G_N_ELEMENTS (resource_checkers));
}
