/* base-env.c — process.env: environ semantics (IEEE Std 1003.1 XBD 8.1)
 *
 * An entry is name=value; the name ends at the first '=', so it can never
 * hold one, but it can be empty ("=x") or missing ("x"). Names made of
 * letters, digits and '_' not starting with a digit are the portable ones;
 * a repeated name has undefined consequences.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "base-checks.h"

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

static void
check_entry (OciCheckContext *ctx, const char *entry, const char *ptr, gboolean posix, GHashTable *seen)
{
  const char *eq = strchr (entry, '=');
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;

  if (!oci_check_expect (ctx, eq != NULL && eq != entry, "base.process.env.format", ptr,
                         eq ? "\"%s\" has an empty name" : "\"%s\" is not name=value", entry))
    return;
  name = g_strndup (entry, eq - entry);
  /* Windows names such as ProgramFiles(x86) are its own business. */
  if (posix)
    oci_check_expect (ctx, is_portable_name (name, eq - entry), "base.process.env.portable", ptr,
                      "\"%s\" is not a portable variable name", name);
  /* Windows variable names ignore case. */
  key = posix ? g_strdup (name) : g_ascii_strdown (name, -1);
  oci_check_expect (ctx, !g_hash_table_contains (seen, key), "base.process.env.unique", ptr,
                    "%s is set more than once", name);
  g_hash_table_add (seen, g_steal_pointer (&key));
}

gboolean
base_check_env (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  JsonArray *env = oci_config_get_array (config, "/process/env");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean posix = g_strcmp0 (oci_check_context_get_os (ctx), "windows") != 0;

  for (guint i = 0; env && i < json_array_get_length (env); i++)
    {
      const char *entry = oci_json_array_get_string (env, i);
      g_autofree char *ptr = g_strdup_printf ("/process/env/%u", i);

      if (entry)
        check_entry (ctx, entry, ptr, posix, seen);
    }
  return TRUE;
}
