/* hooks-host.c — with --host-specific, hook paths name executables
 *
 * Every kind's path resolves in the runtime namespace (this host) except
 * startContainer's, which resolves in the container namespace: there the
 * root filesystem is searched (with its own symlinks), unless a mount
 * covers the path, whose content the bundle cannot show.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <sys/stat.h>

#include "hooks-checks.h"

/* Where @path is on this host, or NULL with *@err set (0: not checkable). */
static char *
locate (OciCheckContext *ctx, const HooksKind *kind, const char *path, int *err)
{
  const char *rootfs = oci_check_context_get_rootfs (ctx);
  struct stat st;

  *err = 0;
  if (!kind->in_container)
    return stat (path, &st) == 0 ? g_strdup (path) : (*err = errno, NULL);
  if (rootfs == NULL || oci_check_context_get_bundle (ctx) == NULL
      || hooks_path_under_mount (oci_check_context_get_config (ctx), path))
    return NULL;
  return oci_path_resolve_in_root (rootfs, path, err);
}

static void
check_path (OciCheckContext *ctx, const HooksKind *kind, const char *path, const char *ptr)
{
  g_autofree char *host = NULL;
  struct stat st;
  int err;

  if (!g_path_is_absolute (path))
    return; /* hooks.path.absolute said it */
  host = locate (ctx, kind, path, &err);
  if (host == NULL)
    {
      if (err != 0)
        oci_check_fail (ctx, "hooks.path.resolves", ptr, "%s does not resolve %s: %s", path,
                        kind->in_container ? "in the root filesystem" : "on this host", g_strerror (err));
      return;
    }
  oci_check_pass (ctx, "hooks.path.resolves");
  oci_check_expect (ctx, stat (host, &st) == 0 && S_ISREG (st.st_mode) && (st.st_mode & 0111) != 0,
                    "hooks.path.executable", ptr, "%s (%s) is not an executable file", path, host);
}

gboolean
hooks_check_host (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);

  if (!oci_config_has (config, "/hooks"))
    return TRUE;
  /* Another platform's host paths mean nothing here. */
  if (g_strcmp0 (oci_check_context_get_os (ctx), oci_host_os ()) != 0)
    {
      oci_check_skip (ctx, "hooks.path.resolves", "/hooks", "the config is for %s, this host runs %s",
                      oci_check_context_get_os (ctx), oci_host_os ());
      return TRUE;
    }
  for (gsize k = 0; k < hooks_n_kinds; k++)
    {
      g_autofree char *kind_ptr = g_strconcat ("/hooks/", hooks_kinds[k].name, NULL);
      JsonArray *hooks = oci_config_get_array (config, kind_ptr);

      for (guint i = 0; hooks && i < json_array_get_length (hooks); i++)
        {
          JsonNode *h = json_array_get_element (hooks, i);
          const char *path = JSON_NODE_HOLDS_OBJECT (h)
                               ? oci_json_object_get_string (json_node_get_object (h), "path") : NULL;
          g_autofree char *ptr = g_strdup_printf ("%s/%u/path", kind_ptr, i);

          if (path)
            check_path (ctx, &hooks_kinds[k], path, ptr);
        }
    }
  return TRUE;
}
