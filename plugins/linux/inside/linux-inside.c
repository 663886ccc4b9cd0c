/* linux-inside.c — the table of the linux plugin's inside checkers and
 * the helpers they share
 *
 * Requirement rows are registered with the runtime cases (../cases/):
 * they are "linux.runtime.*" rules, which only a running container shows.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>

#include "linux-inside.h"

static const OciChecker linux_inside_checkers[] = {
  { "linux.inside.capabilities", "the five capability sets of the process", OCI_PHASE_INSIDE,
    linux_inside_check_capabilities },
  { "linux.inside.no-new-privileges", "the no_new_privs bit of the process", OCI_PHASE_INSIDE,
    linux_inside_check_no_new_privileges },
  { "linux.inside.oom-score-adj", "the oom_score_adj of the process", OCI_PHASE_INSIDE,
    linux_inside_check_oom_score_adj },
  { "linux.inside.lsm", "the AppArmor profile and SELinux label of the process", OCI_PHASE_INSIDE,
    linux_inside_check_lsm },
  { "linux.inside.scheduler", "the scheduling policy and parameters of the process", OCI_PHASE_INSIDE,
    linux_inside_check_scheduler },
  { "linux.inside.exec-cpu-affinity", "the CPUs the process runs on (execCPUAffinity.final)", OCI_PHASE_INSIDE,
    linux_inside_check_exec_affinity },
  { "linux.inside.memory-policy", "the NUMA memory policy of the process", OCI_PHASE_INSIDE,
    linux_inside_check_memory_policy },
  { "linux.inside.io-priority", "the I/O scheduling class and priority of the process", OCI_PHASE_INSIDE,
    linux_inside_check_io_priority },
  { "linux.inside.personality", "the execution domain of the process", OCI_PHASE_INSIDE,
    linux_inside_check_personality },
  { "linux.inside.default-devices", "the default devices, /dev symbolic links and default filesystems",
    OCI_PHASE_INSIDE, linux_inside_check_default_devices },
  { "linux.inside.devices", "the devices of linux.devices: type, numbers, mode and owner", OCI_PHASE_INSIDE,
    linux_inside_check_devices },
  { "linux.inside.masked-paths", "masked paths cannot be read", OCI_PHASE_INSIDE,
    linux_inside_check_masked_paths },
  { "linux.inside.readonly-paths", "readonly paths are on read-only mounts", OCI_PHASE_INSIDE,
    linux_inside_check_readonly_paths },
  { "linux.inside.rootfs-propagation", "the propagation of the root mount", OCI_PHASE_INSIDE,
    linux_inside_check_rootfs_propagation },
  { "linux.inside.mount-label", "the SELinux context of the container's mounts", OCI_PHASE_INSIDE,
    linux_inside_check_mount_label },
  { "linux.inside.idmapped-mounts", "the owners of files in idmapped mounts", OCI_PHASE_INSIDE,
    linux_inside_check_idmapped_mounts },
  { "linux.inside.sysctl", "kernel parameters of linux.sysctl", OCI_PHASE_INSIDE, linux_inside_check_sysctl },
  { "linux.inside.id-mappings", "uid and gid mappings of the user namespace", OCI_PHASE_INSIDE,
    linux_inside_check_id_mappings },
  { "linux.inside.seccomp", "the seccomp filter: system calls fail or succeed as the profile says",
    OCI_PHASE_INSIDE, linux_inside_check_seccomp },
  { "linux.inside.time-offsets", "the clock offsets of the time namespace", OCI_PHASE_INSIDE,
    linux_inside_check_time_offsets },
  { "linux.inside.seccomp-fields", "errnoRet, defaultErrnoRet, architectures and flags of the seccomp profile",
    OCI_PHASE_INSIDE, linux_inside_check_seccomp_fields },
  { "linux.inside.net-devices", "the network devices of netDevices: present, up, addresses kept", OCI_PHASE_INSIDE,
    linux_inside_check_net_devices },
  { "linux.inside.namespaces", "the namespaces of the process, against the runtime's and the config's paths",
    OCI_PHASE_INSIDE, linux_inside_check_namespaces },
  { "linux.inside.features.mount-options", "each advertised mount option's effect on its mount",
    OCI_PHASE_INSIDE, linux_inside_check_features_mounts },
  { "linux.inside.features.seccomp", "seccomp actions that kill or trap, tried in a child",
    OCI_PHASE_INSIDE, linux_inside_check_features_seccomp },
  { "linux.inside.features.cgroup", "the pids limit as the container sees its cgroup", OCI_PHASE_INSIDE,
    linux_inside_check_features_cgroup },
};

/* What each inside checker above posts: a case running it tests these
 * rows (`requirements --runtime`). */
#define POSTS(name, ...) static const char *const name[] = { __VA_ARGS__, NULL }
POSTS (posts_caps, "linux.runtime.process.capabilities", "linux.runtime.process.capabilities.bounding",
       "linux.runtime.process.capabilities.effective", "linux.runtime.process.capabilities.inheritable",
       "linux.runtime.process.capabilities.permitted", "linux.runtime.process.capabilities.ambient");
POSTS (posts_nnp, "linux.runtime.process.no-new-privileges");
POSTS (posts_oom, "linux.runtime.process.oom-score-adj", "linux.runtime.process.oom-score-adj.unchanged");
POSTS (posts_lsm, "linux.runtime.process.apparmor-profile", "linux.runtime.process.selinux-label");
POSTS (posts_sched, "linux.runtime.process.scheduler.policy", "linux.runtime.process.scheduler.nice",
       "linux.runtime.process.scheduler.priority", "linux.runtime.process.scheduler.deadline",
       "linux.runtime.process.scheduler.flags");
POSTS (posts_affinity, "linux.runtime.process.exec-cpu-affinity.final");
POSTS (posts_mempolicy, "linux.runtime.memory-policy");
POSTS (posts_ioprio, "linux.runtime.process.io-priority");
POSTS (posts_personality, "linux.runtime.personality");
POSTS (posts_default_devices, "linux.runtime.default-devices.null", "linux.runtime.default-devices.zero",
       "linux.runtime.default-devices.full", "linux.runtime.default-devices.random",
       "linux.runtime.default-devices.urandom", "linux.runtime.default-devices.tty",
       "linux.runtime.default-devices.ptmx",
       "linux.runtime.dev-symlinks.fd", "linux.runtime.dev-symlinks.stdin", "linux.runtime.dev-symlinks.stdout",
       "linux.runtime.dev-symlinks.stderr", "linux.runtime.default-filesystems");
POSTS (posts_devices, "linux.runtime.devices", "linux.runtime.devices.numbers", "linux.runtime.devices.file-mode",
       "linux.runtime.devices.owner");
POSTS (posts_masked, "linux.runtime.masked-paths");
POSTS (posts_readonly, "linux.runtime.readonly-paths");
POSTS (posts_propagation, "linux.runtime.rootfs-propagation.shared", "linux.runtime.rootfs-propagation.slave",
       "linux.runtime.rootfs-propagation.private", "linux.runtime.rootfs-propagation.unbindable");
POSTS (posts_mount_label, "linux.runtime.mount-label");
POSTS (posts_idmap, "linux.runtime.mounts.idmap");
POSTS (posts_sysctl, "linux.runtime.sysctl");
POSTS (posts_id_mappings, "linux.runtime.id-mappings.uid", "linux.runtime.id-mappings.gid");
POSTS (posts_seccomp, "linux.runtime.seccomp.enforced", "linux.runtime.seccomp.action-allow",
       "linux.runtime.seccomp.action-errno", "linux.runtime.seccomp.action-trace");
POSTS (posts_time, "linux.runtime.time-offsets", "linux.runtime.time-offsets.monotonic",
       "linux.runtime.time-offsets.boottime");
#undef POSTS

static const OciCheckerRequirements linux_inside_posts[] = {
  { "linux.inside.capabilities", posts_caps },
  { "linux.inside.no-new-privileges", posts_nnp },
  { "linux.inside.oom-score-adj", posts_oom },
  { "linux.inside.lsm", posts_lsm },
  { "linux.inside.scheduler", posts_sched },
  { "linux.inside.exec-cpu-affinity", posts_affinity },
  { "linux.inside.memory-policy", posts_mempolicy },
  { "linux.inside.io-priority", posts_ioprio },
  { "linux.inside.personality", posts_personality },
  { "linux.inside.default-devices", posts_default_devices },
  { "linux.inside.devices", posts_devices },
  { "linux.inside.masked-paths", posts_masked },
  { "linux.inside.readonly-paths", posts_readonly },
  { "linux.inside.rootfs-propagation", posts_propagation },
  { "linux.inside.mount-label", posts_mount_label },
  { "linux.inside.idmapped-mounts", posts_idmap },
  { "linux.inside.sysctl", posts_sysctl },
  { "linux.inside.id-mappings", posts_id_mappings },
  { "linux.inside.seccomp", posts_seccomp },
  { "linux.inside.time-offsets", posts_time },
};

void
linux_register_inside (OciPlugin *plugin)
{
  oci_plugin_add_checkers (plugin, linux_inside_checkers, G_N_ELEMENTS (linux_inside_checkers));
  linux_inside_register_mounts (plugin);
  oci_plugin_add_checker_requirements (plugin, linux_inside_posts, G_N_ELEMENTS (linux_inside_posts));
}

/**
 * linux_inside_read_line:
 * @path: a file of /proc or /sys
 * @error: set when it cannot be read
 *
 * Returns: (transfer full) (nullable): its contents without the
 *   surrounding white space
 */
char *
linux_inside_read_line (const char *path, GError **error)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  return g_strstrip (text);
}

/**
 * linux_inside_annotation:
 * @ctx: the check
 * @key: an annotation the harness wrote (LINUX_ANNOTATION_*)
 *
 * Returns: (nullable): its value, %NULL outside runtime-validate
 */
const char *
linux_inside_annotation (OciCheckContext *ctx, const char *key)
{
  JsonObject *annotations = oci_config_get_object (oci_check_context_get_config (ctx), "/annotations");

  return annotations ? oci_json_object_get_string (annotations, key) : NULL;
}

/**
 * linux_inside_errno_error:
 * @error: (out): where the error goes
 * @err: an errno value
 * @format: what failed
 *
 * Returns: %FALSE, for `return linux_inside_errno_error (...)`
 */
gboolean
linux_inside_errno_error (GError **error, int err, const char *format, ...)
{
  va_list args;
  g_autofree char *what = NULL;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "%s: %s", what, g_strerror (err));
  return FALSE;
}
