/* hooks-checks.c — requirements and checkers of lifecycle hooks (config.md)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "hooks-plugin.h"

static const OciRequirement hooks_requirements[] = {
  { "hooks.path.absolute", OCI_LEVEL_MUST, "config.md", "configHooks", "1.0.0", NULL,
    "a hook's path MUST be absolute" },
};

static const char *const hook_kinds[] = {
  "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop",
};

static gboolean
check_hooks (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);

  for (gsize k = 0; k < G_N_ELEMENTS (hook_kinds); k++)
    {
      g_autofree char *kind_ptr = g_strconcat ("/hooks/", hook_kinds[k], NULL);
      JsonArray *hooks = oci_config_get_array (config, kind_ptr);

      for (guint i = 0; hooks && i < json_array_get_length (hooks); i++)
        {
          JsonNode *h = json_array_get_element (hooks, i);
          const char *path = JSON_NODE_HOLDS_OBJECT (h)
                               ? oci_json_object_get_string (json_node_get_object (h), "path") : NULL;
          g_autofree char *ptr = g_strdup_printf ("%s/%u/path", kind_ptr, i);

          if (path)
            oci_check_expect (ctx, g_path_is_absolute (path), "hooks.path.absolute", ptr,
                              "\"%s\" is not an absolute path", path);
        }
    }
  return TRUE;
}

static const OciChecker hooks_checkers[] = {
  { "hooks.paths", "hook paths are absolute", OCI_PHASE_BUNDLE, check_hooks },
};

void
hooks_register_checks (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, hooks_requirements, G_N_ELEMENTS (hooks_requirements));
  oci_plugin_add_checkers (plugin, hooks_checkers, G_N_ELEMENTS (hooks_checkers));
}
