/* base-fs.c — resolving paths inside a root filesystem, mounts, modes
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "base-checks.h"

static char *
canonical (const char *path)
{
  return g_canonicalize_filename (path, "/");
}

/**
 * base_path_under_mount:
 * @config: a config
 * @path: an absolute path in the container
 *
 * A file under a mount destination (other than "/") comes from the mount,
 * not from the root filesystem: what the rootfs holds there says nothing.
 *
 * Returns: %TRUE if some mount covers @path
 */
gboolean
base_path_under_mount (OciConfig *config, const char *path)
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

/**
 * base_is_executable_file:
 * @path: a host path
 *
 * Returns: %TRUE for a regular file with an execute bit (what execve(2)
 *   needs, leaving permissions of the caller aside)
 */
gboolean
base_is_executable_file (const char *path)
{
  struct stat st;

  return stat (path, &st) == 0 && S_ISREG (st.st_mode) && (st.st_mode & 0111) != 0;
}

/**
 * base_mount_is_bind:
 * @mount: a mounts entry
 *
 * Returns: %TRUE if its options hold bind or rbind (config.md's definition)
 */
gboolean
base_mount_is_bind (JsonObject *mount)
{
  JsonArray *options = oci_json_object_get_array (mount, "options");

  for (guint i = 0; options && i < json_array_get_length (options); i++)
    {
      const char *o = oci_json_array_get_string (options, i);
      if (g_strcmp0 (o, "bind") == 0 || g_strcmp0 (o, "rbind") == 0)
        return TRUE;
    }
  return FALSE;
}

