/* linux-cases-ns.c — what the inside namespace checker needs from
 * outside: the runtime's namespaces and those of the config's paths
 *
 * The inode of each namespace goes into an annotation before create
 * (LINUX_ANNOTATION_NS, LINUX_ANNOTATION_NS_PATH); linux.inside.namespaces
 * compares the container's own /proc/self/ns with them.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "linux-runtime.h"
#include "checks/linux-checks.h"
#include "inside/linux-inside.h"

static void
annotate_inode (OciConfig *config, const char *prefix, const char *type, const char *path)
{
  g_autofree char *key = g_strconcat (prefix, type, NULL);
  g_autofree char *value = NULL;
  guint64 inode = 0;

  if (!linux_inside_ns_inode (path, &inode, NULL))
    return;
  value = g_strdup_printf ("%" G_GUINT64_FORMAT, inode);
  linux_rt_annotate (config, key, value);
}

/**
 * linux_rt_annotate_namespaces:
 * @rc: the case
 * @config: its config, its namespaces final
 * @error: unused: what cannot be read is left out (the inside checker
 *   then skips that type with the reason)
 *
 * An #OciRuntimeConfigFunc tail: writes the inodes of the runtime's
 * namespaces (this process's, which the runtime inherits) and of each
 * namespace path of the config.
 *
 * Returns: %TRUE
 */
gboolean
linux_rt_annotate_namespaces (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  gsize n = 0;
  const LinuxInsideNsType *types = linux_inside_ns_types (&n);

  for (gsize i = 0; i < n; i++)
    {
      /* A new pid namespace's parent is the runtime's pid namespace. */
      g_autofree char *ours = g_build_filename ("/proc/self/ns", types[i].file, NULL);
      LinuxCheckNamespace ns = linux_check_namespace (config, types[i].type);

      annotate_inode (config, LINUX_ANNOTATION_NS, types[i].type, ours);
      if (ns.path)
        annotate_inode (config, LINUX_ANNOTATION_NS_PATH, types[i].type, ns.path);
    }
  return TRUE;
}

/**
 * linux_rt_default_id_mappings:
 * @config: a config
 * @on: whether it has a user namespace
 *
 * With a user namespace, the suite's mappings (container 0 is host
 * 100000, 65536 ids) where the config has none; without, none at all.
 */
void
linux_rt_default_id_mappings (OciConfig *config, gboolean on)
{
  static const char *const members[] = { "/linux/uidMappings", "/linux/gidMappings" };

  for (gsize i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonArray *list;
      JsonObject *map;

      if (!on)
        {
          oci_config_remove (config, members[i]);
          continue;
        }
      list = oci_config_ensure_array (config, members[i]);
      if (json_array_get_length (list) > 0)
        continue;
      map = json_object_new ();
      json_object_set_int_member (map, "containerID", 0);
      json_object_set_int_member (map, "hostID", 100000);
      json_object_set_int_member (map, "size", 65536);
      json_array_add_object_element (list, map);
    }
}
