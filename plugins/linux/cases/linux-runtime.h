/* linux-runtime.h — the linux plugin's runtime-validate part: the cases
 * of config-linux.md and the Linux parts of config.md, their
 * requirements, and the inside checkers (../inside/)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "linux-plugin.h"

G_BEGIN_DECLS

/* The one call the plugin's init makes. */
void linux_register_runtime (OciPlugin *plugin);

/* The case tables, one per file. */
extern const OciRuntimeCase linux_process_cases[];
extern const gsize linux_n_process_cases;
extern const OciRuntimeCase linux_fs_cases[];
extern const gsize linux_n_fs_cases;
extern const OciRuntimeCase linux_kernel_cases[];
extern const gsize linux_n_kernel_cases;
extern const OciRuntimeCase linux_cgroup_cases[];
extern const gsize linux_n_cgroup_cases;

/* linux-cases-mounts.c: its rows and cases */
void linux_register_mounts (OciPlugin *plugin);
/* Files that register their own rows and cases. */
void linux_register_seccomp_cases (OciPlugin *plugin);
void linux_register_config_cases (OciPlugin *plugin);
void linux_register_net_cases (OciPlugin *plugin);

/* linux-cases.c: helpers the case files share */
gboolean linux_rt_setup_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);
typedef void (*LinuxRtFixFunc) (OciConfig *config);
gboolean linux_rt_expect_refused (OciRuntimeContext *rc,
                                  OciCheckContext *ctx,
                                  const char *requirement,
                                  LinuxRtFixFunc fix,
                                  gboolean *was,
                                  GError **error);
/* Which control config proves the refusal of which case (by case id). */
typedef struct
{
  const char *case_id;
  LinuxRtFixFunc fix;
} LinuxRtRefusal;
gboolean linux_rt_expect_refused_by_case (OciRuntimeContext *rc,
                                          OciCheckContext *ctx,
                                          const LinuxRtRefusal *table,
                                          gsize n,
                                          GError **error);
gboolean linux_rt_try_config (OciRuntimeContext *rc, OciConfig *config, gboolean *accepted, char **why,
                              GError **error);
gboolean linux_rt_write_rootfs (OciRuntimeContext *rc, const char *name, const char *contents, GError **error);
gboolean linux_rt_mkdir_rootfs (OciRuntimeContext *rc, const char *name, GError **error);
gboolean linux_rt_open_bundle_path (OciRuntimeContext *rc, GError **error);
void linux_rt_annotate (OciConfig *config, const char *key, const char *value);
char *linux_rt_ns_link (gint64 pid, const char *file);
gboolean linux_rt_needs_userns (OciRuntimeContext *rc, char **reason);
gboolean linux_rt_since_release (OciRuntimeContext *rc, const char *release, const char *what, char **reason);
/* linux-cases-fs.c */
const char *linux_rt_propagation_here (const char *path, GError **error);
/* linux-cases-ns.c */
gboolean linux_rt_annotate_namespaces (OciRuntimeContext *rc, OciConfig *config, GError **error);
void linux_rt_default_id_mappings (OciConfig *config, gboolean on);
/* linux-cases-features.c */
void linux_register_features (OciPlugin *plugin);

G_END_DECLS
