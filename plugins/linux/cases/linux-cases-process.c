/* linux-cases-process.c — the Linux process properties of config.md:
 * capabilities, rlimits the kernel lacks, oom_score_adj, no_new_privs,
 * LSM labels, scheduler, I/O priority, personality
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <string.h>
#include <sys/capability.h>

#include "linux-runtime.h"
#include "inside/linux-inside.h"

#define A OCI_RUNTIME_EXPECT_ANY

static const char *const args_true[] = { "/bin/true", NULL };

static const char *const inside_caps[] = { "linux.inside.capabilities", NULL };
static const char *const inside_nnp[] = { "linux.inside.no-new-privileges", NULL };
static const char *const inside_oom[] = { "linux.inside.oom-score-adj", NULL };
static const char *const inside_lsm[] = { "linux.inside.lsm", NULL };
static const char *const inside_sched[] = { "linux.inside.scheduler", NULL };
static const char *const inside_ioprio[] = { "linux.inside.io-priority", NULL };
static const char *const inside_personality[] = { "linux.inside.personality", NULL };

/* ---- capabilities ------------------------------------------------------ */

static const char *const opts_privileged[] = { "--privileged", NULL };

/* cap_t is a bare pointer type: use g_auto(LinuxCaseCaps). */
typedef cap_t LinuxCaseCaps;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (LinuxCaseCaps, cap_free, NULL)

static const char *const cap_sets[] = { "bounding", "effective", "inheritable", "permitted", "ambient" };

/* Whether the runtime's features list the capability; %TRUE when they
 * list none (nothing says it lacks it). */
static gboolean
runtime_knows_cap (OciRuntimeContext *rc, const char *name)
{
  JsonObject *features = oci_runtime_context_get_features (rc);
  JsonObject *linux_part = features && json_object_has_member (features, "linux")
                        ? json_object_get_object_member (features, "linux") : NULL;

  if (linux_part == NULL || !json_object_has_member (linux_part, "capabilities"))
    return TRUE;
  return oci_runtime_context_features_list_has (rc, "/linux/capabilities", name);
}

/* "Every capability" the runtime can grant: those this process (whose
 * capabilities the runtime inherits) holds, and, when the runtime's
 * features list capabilities, those it knows (the host kernel may know
 * newer ones than the runtime). A sandbox without, say, CAP_SYS_RESOURCE
 * cannot give it, and 1.0 asks an error for what cannot be granted. */
static gboolean
keep_grantable (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  g_auto(LinuxCaseCaps) own = cap_get_proc ();

  if (own == NULL)
    return linux_rt_setup_error (error, "cap_get_proc: %s", g_strerror (errno));
  for (gsize s = 0; s < G_N_ELEMENTS (cap_sets); s++)
    {
      g_autofree char *pointer = g_strconcat ("/process/capabilities/", cap_sets[s], NULL);
      JsonArray *names = oci_config_get_array (config, pointer);
      JsonArray *kept = json_array_new ();

      for (guint i = 0; names && i < json_array_get_length (names); i++)
        {
          const char *name = oci_json_array_get_string (names, i);
          cap_flag_value_t on = CAP_CLEAR;
          cap_value_t value;

          if (name && cap_from_name (name, &value) == 0 && cap_get_flag (own, value, CAP_PERMITTED, &on) == 0
              && on == CAP_SET && runtime_knows_cap (rc, name))
            json_array_add_string_element (kept, name);
        }
      if (names)
        oci_config_set_node (config, pointer, json_node_init_array (json_node_alloc (), kept));
      json_array_unref (kept);
    }
  return TRUE;
}

/* A user other than root keeps only ambient capabilities across execve:
 * the sets differ on purpose, and the check knows the kernel's rules. */
static const char *const opts_caps_user[] = {
  "--process-uid=1000",
  "--process-gid=1000",
  "--process-cap-drop-all",
  "--process-cap-add-bounding=CAP_CHOWN,CAP_KILL,CAP_NET_BIND_SERVICE,CAP_SETUID,CAP_SYS_CHROOT",
  "--process-cap-add-permitted=CAP_CHOWN,CAP_KILL,CAP_NET_BIND_SERVICE",
  "--process-cap-add-inheritable=CAP_CHOWN,CAP_KILL,CAP_NET_BIND_SERVICE",
  "--process-cap-add-effective=CAP_CHOWN,CAP_KILL",
  "--process-cap-add-ambient=CAP_KILL,CAP_NET_BIND_SERVICE",
  NULL,
};

/* Root with a bounding set smaller than the default, none ambient. */
static const char *const opts_caps_root[] = {
  "--process-cap-drop-all",
  "--process-cap-add-bounding=CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FOWNER,CAP_KILL,CAP_SETGID,CAP_SETUID",
  "--process-cap-add-permitted=CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FOWNER,CAP_KILL,CAP_SETGID,CAP_SETUID",
  "--process-cap-add-effective=CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FOWNER,CAP_KILL,CAP_SETGID,CAP_SETUID",
  "--process-cap-add-inheritable=CAP_CHOWN,CAP_KILL",
  NULL,
};

/* A name no kernel maps, written past the generate option's own check. */
static gboolean
add_unknown_capability (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  oci_config_append_string (config, "/process/capabilities/bounding", "CAP_TEST");
  return TRUE;
}

static void
drop_unknown_capability (OciConfig *config)
{
  JsonArray *bounding = oci_config_get_array (config, "/process/capabilities/bounding");

  for (guint i = bounding ? json_array_get_length (bounding) : 0; i > 0; i--)
    if (g_strcmp0 (oci_json_array_get_string (bounding, i - 1), "CAP_TEST") == 0)
      json_array_remove_element (bounding, i - 1);
}

/* 1.0.x: the unknown name must cause an error (at create or start).
 * From 1.1.0 it is logged as a warning, and "logging a warning does not
 * change the flow of the operation; it MUST continue" (runtime.md): the
 * container must run. Whether the warning is shown at all is not
 * mandated, so it is not looked for. Only the row of the config's
 * release is kept. */
static gboolean
check_unknown_capability (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  gboolean refused = FALSE;

  if (!linux_rt_expect_refused (rc, ctx, "linux.runtime.process.capabilities.unknown-error",
                                drop_unknown_capability, &refused, error))
    return FALSE;
  oci_check_expect (ctx, !refused, "linux.runtime.process.capabilities.unknown-warning",
                    "/process/capabilities/bounding",
                    "the runtime generated an error for CAP_TEST instead of continuing after a warning");
  return TRUE;
}

static const OciRuntimeStep unknown_capability_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, A, NULL, NULL, check_unknown_capability },
  { OCI_RUNTIME_STEP_END },
};

/* ---- rlimits ----------------------------------------------------------- */

static gboolean
add_unknown_rlimit (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "type", "RLIMIT_TEST");
  json_object_set_int_member (o, "hard", 1024);
  json_object_set_int_member (o, "soft", 1024);
  oci_config_append (config, "/process/rlimits", json_node_init_object (json_node_alloc (), o));
  json_object_unref (o);
  return TRUE;
}

static void
drop_unknown_rlimit (OciConfig *config)
{
  JsonArray *rlimits = oci_config_get_array (config, "/process/rlimits");

  for (guint i = rlimits ? json_array_get_length (rlimits) : 0; i > 0; i--)
    {
      JsonNode *n = json_array_get_element (rlimits, i - 1);
      if (JSON_NODE_HOLDS_OBJECT (n)
          && g_strcmp0 (oci_json_object_get_string (json_node_get_object (n), "type"), "RLIMIT_TEST") == 0)
        json_array_remove_element (rlimits, i - 1);
    }
}

static gboolean
check_rlimit_refused (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  return linux_rt_expect_refused (rc, ctx, "linux.runtime.process.rlimits.unknown", drop_unknown_rlimit, NULL,
                                  error);
}

static const OciRuntimeStep refused_rlimit_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, A, NULL, NULL, check_rlimit_refused },
  { OCI_RUNTIME_STEP_END },
};

/* ---- oom_score_adj, no_new_privs --------------------------------------- */

static const char *const opts_oom[] = { "--linux-oom-score-adj=500", NULL };
static const char *const opts_nnp[] = { "--process-no-new-privileges", NULL };

/* The runtime inherits our oom_score_adj: the container must keep it. */
static gboolean
note_oom_score_adj (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  g_autofree char *value = linux_inside_read_line ("/proc/self/oom_score_adj", error);

  if (value == NULL)
    return FALSE;
  oci_config_remove (config, "/process/oomScoreAdj");
  linux_rt_annotate (config, LINUX_ANNOTATION_OOM_SCORE_ADJ, value);
  return TRUE;
}

/* ---- LSM labels -------------------------------------------------------- */

static const char *const opts_apparmor[] = { "--linux-apparmor=unconfined", NULL };
static const char *const opts_selinux[] = { "--linux-selinux-label=system_u:system_r:container_t:s0:c1,c2", NULL };

/* ---- scheduler, I/O priority, personality ------------------------------ */

static const char *const opts_sched[] = {
  "--process-scheduler-policy=SCHED_BATCH",
  "--process-scheduler-nice=7",
  "--process-scheduler-flags=SCHED_FLAG_RESET_ON_FORK",
  NULL,
};
static const char *const opts_sched_rr[] = {
  "--process-scheduler-policy=SCHED_RR",
  "--process-scheduler-priority=1",
  NULL,
};
/* 2 ms of every 10 ms: within the default admission limit (95%) */
static const char *const opts_sched_deadline[] = {
  "--process-scheduler-policy=SCHED_DEADLINE",
  "--process-scheduler-runtime=2000000",
  "--process-scheduler-deadline=10000000",
  "--process-scheduler-period=10000000",
  NULL,
};
static const char *const opts_exec_affinity[] = { "--process-exec-cpu-affinity-final=0", NULL };
/* the default profile does not list get_mempolicy, which reads it back */
static const char *const opts_memory_policy[] = {
  "--linux-seccomp-allow=get_mempolicy",
  "--linux-memory-policy-mode=MPOL_BIND",
  "--linux-memory-policy-nodes=0",
  NULL,
};
static const char *const inside_affinity[] = { "linux.inside.exec-cpu-affinity", NULL };
static const char *const inside_mempolicy[] = { "linux.inside.memory-policy", NULL };

/* With real-time group scheduling (cpu.rt_runtime_us in the cpu
 * hierarchy) a new cgroup gets no real-time budget, and the kernel refuses
 * SCHED_FIFO and SCHED_RR to its tasks whatever the runtime does: a host
 * setting, not a runtime's deviation. */
static gboolean
has_rt_budget (OciRuntimeContext *rc, char **reason)
{
  if (g_file_test ("/sys/fs/cgroup/cpu/cpu.rt_runtime_us", G_FILE_TEST_EXISTS)
      || g_file_test ("/sys/fs/cgroup/cpu,cpuacct/cpu.rt_runtime_us", G_FILE_TEST_EXISTS))
    {
      *reason = g_strdup ("the host's kernel has real-time group scheduling: a new cgroup has no real-time budget, "
                          "so the kernel refuses SCHED_RR in the container's cgroup");
      return FALSE;
    }
  return TRUE;
}

static const char *const opts_ioprio[] = { "--process-ioprio=IOPRIO_CLASS_BE:6", NULL };
static const char *const opts_ioprio_idle[] = { "--process-ioprio=IOPRIO_CLASS_IDLE:0", NULL };
static const char *const opts_personality[] = { "--linux-personality-domain=LINUX32", NULL };
static const char *const opts_personality_linux[] = { "--linux-personality-domain=LINUX", NULL };

/* ---- the table --------------------------------------------------------- */

/* The requirement rows each case tests beyond those its steps and inside
 * checkers name (see OciRuntimeCase.requirements). */
static const char *const rq_process_capabilities_fail[] = {
  "linux.runtime.process.capabilities.unknown-error", "linux.runtime.process.capabilities.unknown-warning", NULL,
};
static const char *const rq_process_rlimits_fail[] = { "linux.runtime.process.rlimits.unknown", NULL };

const OciRuntimeCase linux_process_cases[] = {
  { "linux.process_capabilities", "the process has the default capability sets", NULL, NULL, inside_caps },
  { "linux.process_capabilities.privileged", "the process has every capability the runtime holds", opts_privileged,
    NULL, inside_caps, NULL, 0, NULL, keep_grantable },
  { "linux.process_capabilities.root", "root with a reduced bounding set and other inheritable ones",
    opts_caps_root, NULL, inside_caps },
  { "linux.process_capabilities.user", "a user other than root with ambient capabilities", opts_caps_user, NULL,
    inside_caps },
  { "linux.process_capabilities_fail", "a capability no kernel knows is an error (1.0) or a warning (1.1)", NULL,
    args_true, NULL, unknown_capability_steps, 0, NULL, add_unknown_capability,
    .requirements = rq_process_capabilities_fail },
  { "linux.process_rlimits_fail", "an rlimit type no kernel knows is an error", NULL, args_true, NULL,
    refused_rlimit_steps, 0, NULL, add_unknown_rlimit, .requirements = rq_process_rlimits_fail },
  { "linux.process_oom_score_adj", "oom_score_adj is process.oomScoreAdj", opts_oom, NULL, inside_oom },
  { "linux.process_oom_score_adj.unset", "without oomScoreAdj the runtime leaves oom_score_adj alone", NULL, NULL,
    inside_oom, NULL, 0, NULL, note_oom_score_adj },
  { "linux.process_no_new_privileges", "noNewPrivileges sets the no_new_privs bit", opts_nnp, NULL, inside_nnp },
  { "linux.process_apparmor_profile", "the process runs under the AppArmor profile", opts_apparmor, NULL,
    inside_lsm, NULL, OCI_HOST_APPARMOR },
  { "linux.process_selinux_label", "the process runs with the SELinux label", opts_selinux, NULL, inside_lsm, NULL,
    OCI_HOST_SELINUX },
  { "linux.process_scheduler", "the process has the scheduling policy, nice value and flags", opts_sched, NULL,
    inside_sched },
  { "linux.process_scheduler.rr", "the process has SCHED_RR and its static priority", opts_sched_rr, NULL,
    inside_sched, NULL, 0, has_rt_budget },
  { "linux.process_scheduler.deadline", "the process has SCHED_DEADLINE with its runtime, deadline and period",
    opts_sched_deadline, NULL, inside_sched },
  { "linux.process_exec_cpu_affinity", "the process runs on the CPUs of execCPUAffinity.final", opts_exec_affinity,
    NULL, inside_affinity },
  { "linux.memory_policy", "the process has the NUMA memory policy of memoryPolicy", opts_memory_policy, NULL,
    inside_mempolicy },
  { "linux.process_io_priority", "the process has the I/O priority", opts_ioprio, NULL, inside_ioprio },
  { "linux.process_io_priority.idle", "the process has the idle I/O class", opts_ioprio_idle, NULL,
    inside_ioprio },
  { "linux.personality", "the process runs in the LINUX32 execution domain", opts_personality, NULL,
    inside_personality },
  { "linux.personality.linux", "the process runs in the LINUX execution domain", opts_personality_linux, NULL,
    inside_personality },
};

const gsize linux_n_process_cases = G_N_ELEMENTS (linux_process_cases);
