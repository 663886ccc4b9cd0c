/* process.c — the Linux process properties of config.md: oomScoreAdj,
 * scheduler, ioPriority, execCPUAffinity
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "linux-checks.h"

static const OciRequirement process_requirements[] = {
  { "linux.process.oomscoreadj.range", OCI_LEVEL_ADVICE, "config.md", "configLinuxProcess", "1.0.0", NULL,
    "oomScoreAdj is from -1000 to 1000 (advice: the runtime MUST write it to oom_score_adj, "
    "which refuses other values; the range has no keyword)" },
  { "linux.process.scheduler.nice", OCI_LEVEL_ADVICE, "config.md", "configLinuxProcess", "1.1.0", NULL,
    "a nice value is from -20 to 19 (advice: sched_setattr(2) refuses others)" },
  { "linux.process.scheduler.priority", OCI_LEVEL_ADVICE, "config.md", "configLinuxProcess", "1.1.0", NULL,
    "a static priority goes with SCHED_FIFO or SCHED_RR, from 1 to 99; other policies take 0 "
    "(advice: sched_setattr(2) refuses others)" },
  { "linux.process.scheduler.deadline", OCI_LEVEL_ADVICE, "config.md", "configLinuxProcess", "1.1.0", NULL,
    "runtime, deadline and period go with SCHED_DEADLINE, where 1024 <= runtime <= deadline "
    "<= period (advice: sched_setattr(2) refuses others)" },
  { "linux.process.iopriority.class", OCI_LEVEL_ADVICE, "config.md", "configLinuxProcess", "1.1.0", NULL,
    "the I/O priority class is IOPRIO_CLASS_RT, IOPRIO_CLASS_BE or IOPRIO_CLASS_IDLE (advice: "
    "the text lists the possible values without a keyword; ioprio_set(2) takes no other)" },
  { "linux.process.iopriority.priority", OCI_LEVEL_ADVICE, "config.md", "configLinuxProcess", "1.1.0", NULL,
    "the I/O priority is from 0 (highest) to 7 (lowest) (advice: ioprio_set(2) refuses "
    "others; the text's should is lower-case)" },
  { "linux.process.execcpuaffinity.list", OCI_LEVEL_ADVICE, "config.md", "configLinuxProcess", "1.2.1", NULL,
    "execCPUAffinity initial and final are comma-separated CPU lists with dashes for ranges, "
    "such as 0-3,7 (advice: the text gives the format without a keyword; the kernel reads no "
    "other)" },
};

static const char *const io_classes[] = { "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE", NULL };

static void
check_priority (OciCheckContext *ctx, JsonObject *scheduler, const char *policy)
{
  gboolean realtime = g_strcmp0 (policy, "SCHED_FIFO") == 0 || g_strcmp0 (policy, "SCHED_RR") == 0;
  gint64 priority = 0;

  if (!oci_json_object_get_int (scheduler, "priority", &priority))
    return;
  if (realtime)
    oci_check_expect (ctx, priority >= 1 && priority <= 99, "linux.process.scheduler.priority",
                      "/process/scheduler/priority", "priority %" G_GINT64_FORMAT " is not from 1 to 99 (%s)",
                      priority, policy);
  else
    oci_check_expect (ctx, priority == 0, "linux.process.scheduler.priority", "/process/scheduler/priority",
                      "priority %" G_GINT64_FORMAT " is only for SCHED_FIFO and SCHED_RR, not %s", priority,
                      policy ? policy : "an unset policy");
}

static void
check_deadline (OciCheckContext *ctx, JsonObject *scheduler, const char *policy)
{
  guint64 runtime = 0, deadline = 0, period = 0;

  linux_check_uint64 (scheduler, "runtime", &runtime);
  linux_check_uint64 (scheduler, "deadline", &deadline);
  linux_check_uint64 (scheduler, "period", &period);
  if (g_strcmp0 (policy, "SCHED_DEADLINE") != 0)
    oci_check_expect (ctx, runtime == 0 && deadline == 0 && period == 0, "linux.process.scheduler.deadline",
                      "/process/scheduler", "runtime, deadline and period are only for SCHED_DEADLINE");
  else
    oci_check_expect (ctx, runtime >= 1024 && runtime <= deadline && (period == 0 || deadline <= period),
                      "linux.process.scheduler.deadline", "/process/scheduler",
                      "SCHED_DEADLINE needs 1024 <= runtime <= deadline <= period (period 0: the deadline); "
                      "got %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT,
                      runtime, deadline, period);
}

static void
check_scheduler (OciCheckContext *ctx, JsonObject *scheduler)
{
  const char *policy = oci_json_object_get_string (scheduler, "policy");
  gint64 nice;

  if (oci_json_object_get_int (scheduler, "nice", &nice))
    oci_check_expect (ctx, nice >= -20 && nice <= 19, "linux.process.scheduler.nice", "/process/scheduler/nice",
                      "nice %" G_GINT64_FORMAT " is not from -20 to 19", nice);
  check_priority (ctx, scheduler, policy);
  check_deadline (ctx, scheduler, policy);
}

static void
check_io_priority (OciCheckContext *ctx, JsonObject *io)
{
  const char *klass = oci_json_object_get_string (io, "class");
  gint64 priority;

  if (klass)
    oci_check_expect (ctx, g_strv_contains (io_classes, klass), "linux.process.iopriority.class",
                      "/process/ioPriority/class", "\"%s\" is not an I/O priority class", klass);
  if (oci_json_object_get_int (io, "priority", &priority))
    oci_check_expect (ctx, priority >= 0 && priority <= 7, "linux.process.iopriority.priority",
                      "/process/ioPriority/priority", "priority %" G_GINT64_FORMAT " is not from 0 to 7", priority);
}

static gboolean
check_process (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  JsonObject *scheduler = oci_config_get_object (config, "/process/scheduler");
  JsonObject *io = oci_config_get_object (config, "/process/ioPriority");
  const char *affinity[] = { "/process/execCPUAffinity/initial", "/process/execCPUAffinity/final" };
  gint64 oom;

  if (oci_config_get_int (config, "/process/oomScoreAdj", &oom))
    oci_check_expect (ctx, oom >= -1000 && oom <= 1000, "linux.process.oomscoreadj.range", "/process/oomScoreAdj",
                      "oomScoreAdj %" G_GINT64_FORMAT " is not from -1000 to 1000", oom);
  if (scheduler)
    check_scheduler (ctx, scheduler);
  if (io)
    check_io_priority (ctx, io);
  for (gsize i = 0; i < G_N_ELEMENTS (affinity); i++)
    {
      const char *list = oci_config_get_string (config, affinity[i]);

      if (list)
        oci_check_expect (ctx, linux_check_id_list (list, NULL), "linux.process.execcpuaffinity.list", affinity[i],
                          "\"%s\" is not a CPU list such as 0-3,7", list);
    }
  return TRUE;
}

static const OciChecker process_checkers[] = {
  { "linux.process", "oomScoreAdj, scheduler, ioPriority and execCPUAffinity", OCI_PHASE_BUNDLE, check_process },
};

void
linux_checks_process_register (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, process_requirements, G_N_ELEMENTS (process_requirements));
  oci_plugin_add_checkers (plugin, process_checkers, G_N_ELEMENTS (process_checkers));
}
