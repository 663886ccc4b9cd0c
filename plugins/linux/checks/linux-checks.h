/* linux-checks.h — the checkers of the linux plugin, one file per spec area
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <seccomp.h>

#include "linux-plugin.h"

G_BEGIN_DECLS

/* scmp_filter_ctx is a bare pointer type: use g_auto(LinuxCheckSeccompFilter). */
typedef scmp_filter_ctx LinuxCheckSeccompFilter;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (LinuxCheckSeccompFilter, seccomp_release, NULL)

/* Each area adds its requirement rows and checkers. */
void linux_checks_namespaces_register (OciPlugin *plugin);
void linux_checks_idmappings_register (OciPlugin *plugin);
void linux_checks_sysctl_register (OciPlugin *plugin);
void linux_checks_devices_register (OciPlugin *plugin);
void linux_checks_resources_register (OciPlugin *plugin);
void linux_checks_blockio_register (OciPlugin *plugin);
void linux_checks_seccomp_register (OciPlugin *plugin);
void linux_checks_seccomp_compile_register (OciPlugin *plugin);
void linux_checks_capabilities_register (OciPlugin *plugin);
void linux_checks_paths_register (OciPlugin *plugin);
void linux_checks_labels_register (OciPlugin *plugin);
void linux_checks_process_register (OciPlugin *plugin);
void linux_checks_personality_register (OciPlugin *plugin);
void linux_checks_memorypolicy_register (OciPlugin *plugin);
void linux_checks_netdevices_register (OciPlugin *plugin);
void linux_checks_intelrdt_register (OciPlugin *plugin);
void linux_checks_host_register (OciPlugin *plugin);

/* util.c: small helpers shared by the areas. */

/**
 * LinuxCheckNamespace:
 * @present: the type is listed in linux.namespaces
 * @path: (nullable): the path joined, %NULL when a new namespace is made
 */
typedef struct
{
  gboolean present;
  const char *path;
} LinuxCheckNamespace;

LinuxCheckNamespace linux_check_namespace (OciConfig *config, const char *type);
gboolean linux_check_id_list (const char *text, guint *count);
JsonObject *linux_check_object_at (JsonArray *array, guint index);
const char *linux_check_string_at (JsonArray *array, guint index);
gboolean linux_check_strv_has (JsonArray *array, const char *value);
gboolean linux_check_uint64 (JsonObject *object, const char *member, guint64 *value);

/* seccomp.c: the names of seccomp profiles, shared with the compiler. */
typedef struct
{
  const char *name;
  const char *since;
  guint32 action;
  gboolean takes_errno;
} LinuxCheckSeccompAction;

const LinuxCheckSeccompAction *linux_check_seccomp_action (const char *name);
enum scmp_compare linux_check_seccomp_operator (const char *name);
guint32 linux_check_seccomp_arch (const char *name);

G_END_DECLS
