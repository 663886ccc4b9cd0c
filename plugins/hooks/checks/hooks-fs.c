/* hooks-fs.c — which hook paths the root filesystem can answer for
 *
 * Resolution inside the rootfs is the core's oci_path_resolve_in_root().
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "hooks-checks.h"

static char *
canonical (const char *path)
{
  return g_canonicalize_filename (path, "/");
}

/**
 * hooks_path_under_mount:
 * @config: a config
 * @path: an absolute path in the container
 *
 * A file under a mount destination (other than "/") comes from the mount,
 * not from the root filesystem: what the rootfs holds there says nothing.
 *
 * Returns: %TRUE if some mount covers @path
 */
gboolean
hooks_path_under_mount (OciConfig *config, const char *path)
{
  JsonArray *mounts = oci_config_get_array (config, "/mounts");
  g_autofree char *p = canonical (path);

  for (guint i = 0; mounts && i < json_array_get_length (mounts); i++)
    {
      JsonNode *m = json_array_get_element (mounts, i);
      const char *dest = JSON_NODE_HOLDS_OBJECT (m)
                           ? oci_json_object_get_string (json_node_get_object (m), "destination") : NULL;
      g_autofree char *d = dest ? canonical (dest) : NULL;
      gsize n = d ? strlen (d) : 0;

      if (d && strcmp (d, "/") != 0 && strncmp (p, d, n) == 0 && (p[n] == '\0' || p[n] == '/'))
        return TRUE;
    }
  return FALSE;
}

