/* linux-checks.c — requirements and checkers of config-linux.md
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "linux-plugin.h"

static const OciRequirement linux_requirements[] = {
  { "linux.namespaces.type.known", OCI_LEVEL_SHOULD, "config-linux.md", "configLinuxNamespaces", "1.0.0", NULL,
    "a namespace type is one the release lists (pid, network, mount, ipc, uts, user, cgroup; time from 1.1.0)" },
  { "linux.namespaces.type.unique", OCI_LEVEL_MUST, "config-linux.md", "configLinuxNamespaces", "1.0.0", NULL,
    "a namespace type MUST NOT appear twice (the runtime MUST generate an error)" },
  { "linux.namespaces.path.absolute", OCI_LEVEL_MUST, "config-linux.md", "configLinuxNamespaces", "1.0.0", NULL,
    "a namespace path MUST be an absolute path in the runtime mount namespace" },
};

static const char *const namespace_types[] = {
  "pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time", NULL,
};

static gboolean
check_namespaces (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  JsonArray *namespaces = oci_config_get_array (config, "/linux/namespaces");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean has_time = oci_check_context_release_at_least (ctx, "1.1.0");

  for (guint i = 0; namespaces && i < json_array_get_length (namespaces); i++)
    {
      JsonNode *node = json_array_get_element (namespaces, i);
      JsonObject *ns = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *type = oci_json_object_get_string (ns, "type");
      const char *path = oci_json_object_get_string (ns, "path");
      g_autofree char *type_ptr = g_strdup_printf ("/linux/namespaces/%u/type", i);
      g_autofree char *path_ptr = g_strdup_printf ("/linux/namespaces/%u/path", i);

      if (type == NULL)
        continue;
      oci_check_expect (ctx, g_strv_contains (namespace_types, type) && (has_time || strcmp (type, "time") != 0),
                        "linux.namespaces.type.known", type_ptr,
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

static const OciChecker linux_checkers[] = {
  { "linux.namespaces", "namespace types and paths", OCI_PHASE_BUNDLE, check_namespaces },
};

void
linux_register_checks (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, linux_requirements, G_N_ELEMENTS (linux_requirements));
  oci_plugin_add_checkers (plugin, linux_checkers, G_N_ELEMENTS (linux_checkers));
}
