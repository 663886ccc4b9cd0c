/* namespaces.c — linux.namespaces and the settings that need a namespace
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "linux-checks.h"

static const OciRequirement namespace_requirements[] = {
  { "linux.namespaces.type.known", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxNamespaces", "1.0.0", "1.0.2",
    "a namespace type is one the release lists: pid, network, mount, ipc, uts, user, cgroup (advice: the "
    "text of these releases lists them without a keyword; runtimes refuse others)" },
  { "linux.namespaces.type.known", OCI_LEVEL_SHOULD, "config-linux.md", "configLinuxNamespaces", "1.0.2", NULL,
    "a namespace type is one the release lists, the types runtimes SHOULD support (pid, network, mount, "
    "ipc, uts, user, cgroup; time from 1.1.0)" },
  { "linux.namespaces.type.unique", OCI_LEVEL_MUST, "config-linux.md", "configLinuxNamespaces", "1.0.0", NULL,
    "a namespace type MUST NOT appear twice (the runtime MUST generate an error)" },
  { "linux.namespaces.path.absolute", OCI_LEVEL_MUST, "config-linux.md", "configLinuxNamespaces", "1.0.0", NULL,
    "a namespace path MUST be an absolute path in the runtime mount namespace" },
  { "linux.namespaces.mappings.user", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxUserNamespaceMappings",
    "1.0.0", NULL, "uidMappings and gidMappings need a user namespace in linux.namespaces (advice: they map "
    "IDs of one; runc refuses this)" },
  { "linux.hostname.uts", OCI_LEVEL_ADVICE, "config.md", "configHostname", "1.0.0", NULL,
    "a hostname needs a UTS namespace of the container's own, new or joined by path (advice: "
    "it renames the host otherwise; runc refuses this)" },
  { "linux.domainname.uts", OCI_LEVEL_ADVICE, "config.md", "configDomainname", "1.1.0", NULL,
    "a domainname needs a UTS namespace of the container's own, new or joined by path "
    "(advice: it renames the host otherwise; runc refuses this)" },
  { "linux.timeoffsets.namespace", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxTimeOffset", "1.1.0", NULL,
    "timeOffsets apply to a time namespace the container creates, a time entry without path "
    "(advice: the kernel takes offsets only before the namespace has a process)" },
  { "linux.timeoffsets.clock", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxTimeOffset", "1.1.0", NULL,
    "a time offset names a clock a time namespace offsets (monotonic, boottime) and nanosecs "
    "below one second (advice: the kernel refuses others)" },
};

/* The types of every release, and the first release that has each. */
static const struct
{
  const char *type;
  const char *since;
} namespace_types[] = {
  { "pid", "1.0.0" }, { "network", "1.0.0" }, { "mount", "1.0.0" }, { "ipc", "1.0.0" },
  { "uts", "1.0.0" }, { "user", "1.0.0" }, { "cgroup", "1.0.0" }, { "time", "1.1.0" },
};

static gboolean
type_known (OciCheckContext *ctx, const char *type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (namespace_types); i++)
    if (strcmp (namespace_types[i].type, type) == 0)
      return oci_check_context_release_at_least (ctx, namespace_types[i].since);
  return FALSE;
}

static gboolean
check_namespaces (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  JsonArray *namespaces = oci_config_get_array (config, "/linux/namespaces");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; namespaces && i < json_array_get_length (namespaces); i++)
    {
      JsonObject *ns = linux_check_object_at (namespaces, i);
      const char *type = oci_json_object_get_string (ns, "type");
      const char *path = oci_json_object_get_string (ns, "path");
      g_autofree char *type_ptr = g_strdup_printf ("/linux/namespaces/%u/type", i);
      g_autofree char *path_ptr = g_strdup_printf ("/linux/namespaces/%u/path", i);

      if (type == NULL)
        continue;
      oci_check_expect (ctx, type_known (ctx, type), "linux.namespaces.type.known", type_ptr,
                        "\"%s\" is not a namespace type of runtime-spec %s", type,
                        oci_check_context_get_release (ctx));
      oci_check_expect (ctx, g_hash_table_add (seen, (gpointer) type), "linux.namespaces.type.unique",
                        type_ptr, "namespace type \"%s\" appears more than once", type);
      if (path)
        oci_check_expect (ctx, g_path_is_absolute (path), "linux.namespaces.path.absolute", path_ptr,
                          "\"%s\" is not an absolute path", path);
    }
  return TRUE;
}

/* hostname and domainname: a UTS namespace joined by path is the
 * container's own too (the Go tool wrongly asks for a new one). */
static void
check_uts_field (OciCheckContext *ctx, const char *field, const char *requirement)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  g_autofree char *ptr = g_strconcat ("/", field, NULL);
  const char *name = oci_config_get_string (config, ptr);

  if (name == NULL || *name == '\0')
    return;
  oci_check_expect (ctx, linux_check_namespace (config, "uts").present, requirement, ptr,
                    "%s \"%s\" is set but linux.namespaces has no uts namespace: it would rename the host",
                    field, name);
}

static void
check_mappings (OciCheckContext *ctx)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *fields[] = { "/linux/uidMappings", "/linux/gidMappings" };

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      JsonArray *mappings = oci_config_get_array (config, fields[i]);

      if (mappings == NULL || json_array_get_length (mappings) == 0)
        continue;
      oci_check_expect (ctx, linux_check_namespace (config, "user").present, "linux.namespaces.mappings.user",
                        fields[i], "%s is set but linux.namespaces has no user namespace",
                        fields[i] + strlen ("/linux/"));
    }
}

static void
check_time_offsets (OciCheckContext *ctx)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  JsonObject *offsets = oci_config_get_object (config, "/linux/timeOffsets");
  LinuxCheckNamespace time_ns = linux_check_namespace (config, "time");
  g_autoptr(GList) clocks = offsets ? json_object_get_members (offsets) : NULL;

  if (offsets == NULL)
    return;
  if (!time_ns.present)
    oci_check_fail (ctx, "linux.timeoffsets.namespace", "/linux/timeOffsets",
                    "timeOffsets are set but linux.namespaces has no time namespace");
  else
    oci_check_expect (ctx, time_ns.path == NULL, "linux.timeoffsets.namespace", "/linux/timeOffsets",
                      "timeOffsets cannot change the time namespace joined at %s", time_ns.path);
  for (GList *l = clocks; l; l = l->next)
    {
      const char *clock = l->data;
      g_autofree char *ptr = oci_json_pointer_append ("/linux/timeOffsets", clock);
      gint64 nanosecs = 0;

      oci_json_object_get_int (oci_json_object_get_object (offsets, clock), "nanosecs", &nanosecs);
      if (oci_check_expect (ctx, strcmp (clock, "monotonic") == 0 || strcmp (clock, "boottime") == 0,
                            "linux.timeoffsets.clock", ptr,
                            "\"%s\" is not a clock of time namespaces (monotonic, boottime)", clock))
        oci_check_expect (ctx, nanosecs < 1000000000, "linux.timeoffsets.clock", ptr,
                          "nanosecs %" G_GINT64_FORMAT " is not below one second", nanosecs);
    }
}

static gboolean
check_namespace_users (OciCheckContext *ctx, GError **error)
{
  check_uts_field (ctx, "hostname", "linux.hostname.uts");
  check_uts_field (ctx, "domainname", "linux.domainname.uts");
  check_mappings (ctx);
  check_time_offsets (ctx);
  return TRUE;
}

static const OciChecker namespace_checkers[] = {
  { "linux.namespaces", "namespace types and paths", OCI_PHASE_BUNDLE, check_namespaces },
  { "linux.namespaces.users", "settings that need a namespace: hostname, ID mappings, time offsets",
    OCI_PHASE_BUNDLE, check_namespace_users },
};

void
linux_checks_namespaces_register (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, namespace_requirements, G_N_ELEMENTS (namespace_requirements));
  oci_plugin_add_checkers (plugin, namespace_checkers, G_N_ELEMENTS (namespace_checkers));
}
