/* linux-inside.h — the linux plugin's inside checkers: run by
 * oci-runtimetest in the container, they compare the live process and
 * system with config-linux.md and the Linux parts of config.md
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "linux-plugin.h"

G_BEGIN_DECLS

/* Annotations the harness writes for the inside checkers: what only the
 * outside can know (values of the runtime namespace at create time). */
#define LINUX_ANNOTATION_OOM_SCORE_ADJ "org.oci-runtime-tools.outside.oom-score-adj"
#define LINUX_ANNOTATION_BOOTTIME "org.oci-runtime-tools.outside.boottime"
#define LINUX_ANNOTATION_ROOTFS_PROPAGATION "org.oci-runtime-tools.outside.rootfs-propagation"
/* Followed by a mount destination: "UID:GID", the owner of its source. */
#define LINUX_ANNOTATION_SOURCE_OWNER "org.oci-runtime-tools.outside.source-owner:"
/* Followed by a mount destination (linux-inside-mounts.c): how many
 * submounts its source has, its source's propagation, a file the root
 * filesystem holds there (tmpcopyup), that the rootfs lacks it. */
#define LINUX_ANNOTATION_SUBMOUNTS "org.oci-runtime-tools.outside.submounts:"
#define LINUX_ANNOTATION_SOURCE_PROPAGATION "org.oci-runtime-tools.outside.source-propagation:"
#define LINUX_ANNOTATION_COPYUP "org.oci-runtime-tools.outside.copyup:"
#define LINUX_ANNOTATION_MISSING "org.oci-runtime-tools.outside.missing:"
/* The destinations the mount checkers judge start so (default: /ort). */
#define LINUX_ANNOTATION_MOUNT_PREFIX "org.oci-runtime-tools.outside.mount-prefix"
/* The mount cases' destinations start so; the probe files of their bind
 * sources. */
#define LINUX_MOUNT_CASE_PREFIX "/ort"
#define LINUX_MOUNT_PROBE_EXE "ort-exe"
#define LINUX_MOUNT_PROBE_NODE "ort-null"
#define LINUX_MOUNT_PROBE_LINK "ort-link"
/* Followed by a host interface name of netDevices: its addresses on the
 * host ("198.51.100.7/32,2001:db8::7/128"). */
#define LINUX_ANNOTATION_NET_ADDRESSES "org.oci-runtime-tools.outside.net-addresses:"
/* Followed by a namespace type: the inode of the runtime's namespace, and
 * of the namespace at the config's path for that type. */
#define LINUX_ANNOTATION_NS "org.oci-runtime-tools.outside.ns:"
#define LINUX_ANNOTATION_NS_PATH "org.oci-runtime-tools.outside.ns-path:"

/* The features cases: where each mount-option mount goes, the file whose
 * presence proves a bind or a tmpcopyup, and the calls seccomp actions
 * that kill or trap are tried on. */
#define LINUX_FEATURES_MOUNT_DIR "/ort-features"
#define LINUX_FEATURES_MARKER "ort-marker"
#define LINUX_FEATURES_BIND_SOURCE "org.oci-runtime-tools.outside.features-bind-source"
#define LINUX_FEATURES_HOOK_ROOTFS "org.oci-runtime-tools.outside.features-hook-rootfs"
#define LINUX_FEATURES_SYSCALL_KILL "acct"
#define LINUX_FEATURES_SYSCALL_KILL_THREAD "swapoff"
#define LINUX_FEATURES_SYSCALL_KILL_PROCESS "swapon"
#define LINUX_FEATURES_SYSCALL_TRAP "vhangup"

/**
 * LinuxInsideNsType:
 * @type: the type in linux.namespaces ("network")
 * @file: its file in /proc/PID/ns ("net")
 */
typedef struct
{
  const char *type;
  const char *file;
} LinuxInsideNsType;

/* linux-inside.c: registers the checkers of the three files below */
void linux_register_inside (OciPlugin *plugin);

/* linux-inside-process.c */
gboolean linux_inside_check_capabilities (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_no_new_privileges (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_oom_score_adj (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_lsm (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_scheduler (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_exec_affinity (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_memory_policy (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_io_priority (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_personality (OciCheckContext *ctx, GError **error);

/* linux-inside-fs.c */
gboolean linux_inside_check_default_devices (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_devices (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_masked_paths (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_readonly_paths (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_rootfs_propagation (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_mount_label (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_idmapped_mounts (OciCheckContext *ctx, GError **error);
gint64 linux_inside_map_id (JsonArray *mappings, gint64 id);

/* linux-inside-kernel.c */
gboolean linux_inside_check_sysctl (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_id_mappings (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_seccomp (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_time_offsets (OciCheckContext *ctx, GError **error);

/* linux-inside-mounts.c */
void linux_inside_register_mounts (OciPlugin *plugin);
gboolean linux_inside_check_mount_options (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_mount_destinations (OciCheckContext *ctx, GError **error);
char *linux_inside_mount_destination (JsonObject *mount);
/* linux-inside-seccomp.c */
gboolean linux_inside_check_seccomp_fields (OciCheckContext *ctx, GError **error);

/* linux-inside-net.c */
gboolean linux_inside_check_net_devices (OciCheckContext *ctx, GError **error);
/* linux-inside-ns.c */
gboolean linux_inside_check_namespaces (OciCheckContext *ctx, GError **error);
const LinuxInsideNsType *linux_inside_ns_types (gsize *n);
gboolean linux_inside_ns_inode (const char *path, guint64 *inode, const char **how);

/* linux-inside-features.c */
gboolean linux_inside_check_features_mounts (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_features_seccomp (OciCheckContext *ctx, GError **error);
gboolean linux_inside_check_features_cgroup (OciCheckContext *ctx, GError **error);

/* Shared helpers (linux-inside.c) */
char *linux_inside_read_line (const char *path, GError **error);
const char *linux_inside_annotation (OciCheckContext *ctx, const char *key);
const char *linux_inside_propagation_of (const OciMountInfo *mount);
gboolean linux_inside_errno_error (GError **error, int err, const char *format, ...) G_GNUC_PRINTF (3, 4);

G_END_DECLS
