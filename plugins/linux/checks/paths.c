/* paths.c — maskedPaths, readonlyPaths and rootfsPropagation
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "linux-checks.h"

static const OciRequirement path_requirements[] = {
  { "linux.maskedpaths.absolute", OCI_LEVEL_MUST, "config-linux.md", "configLinuxMaskedPaths", "1.0.0", NULL,
    "maskedPaths MUST be absolute paths in the container namespace" },
  { "linux.readonlypaths.absolute", OCI_LEVEL_MUST, "config-linux.md", "configLinuxReadonlyPaths", "1.0.0", NULL,
    "readonlyPaths MUST be absolute paths in the container namespace" },
  { "linux.rootfspropagation.value", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxRootfsMountPropagation",
    "1.0.0", NULL, "rootfsPropagation is shared, slave, private or unbindable (advice: the text lists the "
    "values without a keyword; the schema holds the list)" },
  { "linux.mounts.default-filesystems", OCI_LEVEL_SHOULD, "config-linux.md", "configLinuxDefaultFilesystems",
    "1.0.0", NULL, "/proc, /sys, /dev/pts and /dev/shm SHOULD be made available in the container's filesystem "
    "(checked when the config lists mounts: one without any leaves them to the runtime)" },
};

/* The filesystems config-linux.md's table lists, with their types. */
static const struct
{
  const char *path;
  const char *type;
} default_filesystems[] = {
  { "/proc", "proc" }, { "/sys", "sysfs" }, { "/dev/pts", "devpts" }, { "/dev/shm", "tmpfs" },
};

static const char *const propagations[] = { "shared", "slave", "private", "unbindable", NULL };

static void
check_absolute (OciCheckContext *ctx, const char *pointer, const char *requirement)
{
  JsonArray *paths = oci_config_get_array (oci_check_context_get_config (ctx), pointer);

  for (guint i = 0; paths && i < json_array_get_length (paths); i++)
    {
      const char *path = linux_check_string_at (paths, i);
      g_autofree char *ptr = g_strdup_printf ("%s/%u", pointer, i);

      if (path)
        oci_check_expect (ctx, g_path_is_absolute (path), requirement, ptr, "\"%s\" is not an absolute path", path);
    }
}

static gboolean
mounted_at (JsonArray *mounts, const char *path)
{
  for (guint i = 0; i < json_array_get_length (mounts); i++)
    {
      JsonNode *node = json_array_get_element (mounts, i);
      const char *dest = JSON_NODE_HOLDS_OBJECT (node)
                           ? oci_json_object_get_string (json_node_get_object (node), "destination") : NULL;
      g_autofree char *canon = dest ? g_canonicalize_filename (dest, "/") : NULL;

      if (canon && strcmp (canon, path) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Any mount at the path makes it available (a bind of the host's /sys as
 * well as a sysfs): the table's types say what is usually there. */
static void
check_default_filesystems (OciCheckContext *ctx)
{
  JsonArray *mounts = oci_config_get_array (oci_check_context_get_config (ctx), "/mounts");

  if (mounts == NULL)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (default_filesystems); i++)
    oci_check_expect (ctx, mounted_at (mounts, default_filesystems[i].path), "linux.mounts.default-filesystems",
                      "/mounts", "no mount makes %s available (usually a %s filesystem)",
                      default_filesystems[i].path, default_filesystems[i].type);
}

static gboolean
check_paths (OciCheckContext *ctx, GError **error)
{
  const char *propagation = oci_config_get_string (oci_check_context_get_config (ctx), "/linux/rootfsPropagation");

  check_absolute (ctx, "/linux/maskedPaths", "linux.maskedpaths.absolute");
  check_absolute (ctx, "/linux/readonlyPaths", "linux.readonlypaths.absolute");
  if (propagation)
    oci_check_expect (ctx, g_strv_contains (propagations, propagation), "linux.rootfspropagation.value",
                      "/linux/rootfsPropagation", "\"%s\" is not shared, slave, private or unbindable", propagation);
  check_default_filesystems (ctx);
  return TRUE;
}

static const OciChecker path_checkers[] = {
  { "linux.paths", "masked and read-only paths, rootfs propagation, default filesystems", OCI_PHASE_BUNDLE, check_paths },
};

void
linux_checks_paths_register (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, path_requirements, G_N_ELEMENTS (path_requirements));
  oci_plugin_add_checkers (plugin, path_checkers, G_N_ELEMENTS (path_checkers));
}
