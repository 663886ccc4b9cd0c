/* hooks-config.c — hooks as the config writes them (bundle phase)
 *
 * The Go tool checks prestart, poststart and poststop only: the three
 * kinds 1.0.2 added (createRuntime, createContainer, startContainer) get
 * no check there, their env included. Every kind gets all checks here.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "hooks-checks.h"

const HooksKind hooks_kinds[] = {
  { "prestart", "1.0.0", FALSE },
  { "createRuntime", "1.0.2", FALSE },
  { "createContainer", "1.0.2", FALSE },
  { "startContainer", "1.0.2", TRUE },
  { "poststart", "1.0.0", FALSE },
  { "poststop", "1.0.0", FALSE },
};
const gsize hooks_n_kinds = G_N_ELEMENTS (hooks_kinds);

static gboolean
is_portable_name (const char *name, gsize len)
{
  if (len == 0 || g_ascii_isdigit (name[0]))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '_')
      return FALSE;
  return TRUE;
}

/* environ semantics, as for process.env: name=value, a non-empty name,
 * portable names, no name twice. */
static void
check_env (OciCheckContext *ctx, JsonObject *hook, const char *hook_ptr)
{
  JsonArray *env = oci_json_object_get_array (hook, "env");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; env && i < json_array_get_length (env); i++)
    {
      const char *entry = oci_json_array_get_string (env, i);
      const char *eq = entry ? strchr (entry, '=') : NULL;
      g_autofree char *ptr = g_strdup_printf ("%s/env/%u", hook_ptr, i);
      g_autofree char *name = NULL;

      if (entry == NULL
          || !oci_check_expect (ctx, eq != NULL && eq != entry, "hooks.env.format", ptr,
                                eq ? "\"%s\" has an empty name" : "\"%s\" is not name=value", entry))
        continue;
      name = g_strndup (entry, eq - entry);
      oci_check_expect (ctx, is_portable_name (name, eq - entry), "hooks.env.portable", ptr,
                        "\"%s\" is not a portable variable name", name);
      oci_check_expect (ctx, !g_hash_table_contains (seen, name), "hooks.env.unique", ptr,
                        "%s is set more than once", name);
      g_hash_table_add (seen, g_steal_pointer (&name));
    }
}

static void
check_hook (OciCheckContext *ctx, JsonObject *hook, const char *hook_ptr)
{
  const char *path = oci_json_object_get_string (hook, "path");
  g_autofree char *path_ptr = g_strconcat (hook_ptr, "/path", NULL);
  g_autofree char *timeout_ptr = g_strconcat (hook_ptr, "/timeout", NULL);
  gint64 timeout;

  if (path)
    oci_check_expect (ctx, oci_path_is_absolute_for (oci_check_context_get_os (ctx), path),
                      "hooks.path.absolute", path_ptr, "\"%s\" is not an absolute path", path);
  if (oci_json_object_get_int (hook, "timeout", &timeout))
    oci_check_expect (ctx, timeout > 0, "hooks.timeout.positive", timeout_ptr,
                      "timeout %" G_GINT64_FORMAT " is not greater than zero", timeout);
  check_env (ctx, hook, hook_ptr);
}

gboolean
hooks_check_config (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);

  for (gsize k = 0; k < hooks_n_kinds; k++)
    {
      g_autofree char *kind_ptr = g_strconcat ("/hooks/", hooks_kinds[k].name, NULL);
      JsonArray *hooks = oci_config_get_array (config, kind_ptr);

      if (!oci_check_context_release_at_least (ctx, hooks_kinds[k].since))
        oci_check_expect (ctx, !oci_config_has (config, kind_ptr), "hooks.kind.release", kind_ptr,
                          "%s hooks are new in %s: runtimes of %s ignore them", hooks_kinds[k].name,
                          hooks_kinds[k].since, oci_check_context_get_release (ctx));
      for (guint i = 0; hooks && i < json_array_get_length (hooks); i++)
        {
          JsonNode *h = json_array_get_element (hooks, i);
          g_autofree char *hook_ptr = g_strdup_printf ("%s/%u", kind_ptr, i);

          if (JSON_NODE_HOLDS_OBJECT (h))
            check_hook (ctx, json_node_get_object (h), hook_ptr);
        }
    }
  return TRUE;
}
