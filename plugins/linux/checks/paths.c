/* paths.c — maskedPaths, readonlyPaths and rootfsPropagation
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "linux-checks.h"

static const OciRequirement path_requirements[] = {
  { "linux.maskedpaths.absolute", OCI_LEVEL_MUST, "config-linux.md", "configLinuxMaskedPaths", "1.0.0", NULL,
    "maskedPaths MUST be absolute paths in the container namespace" },
  { "linux.readonlypaths.absolute", OCI_LEVEL_MUST, "config-linux.md", "configLinuxReadonlyPaths", "1.0.0", NULL,
    "readonlyPaths MUST be absolute paths in the container namespace" },
  { "linux.rootfspropagation.value", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxRootfsMountPropagation",
    "1.0.0", NULL, "rootfsPropagation is shared, slave, private or unbindable (advice: the text lists the "
    "values without a keyword; the schema holds the list)" },
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
check_paths (OciCheckContext *ctx, GError **error)
{
  const char *propagation = oci_config_get_string (oci_check_context_get_config (ctx), "/linux/rootfsPropagation");

  check_absolute (ctx, "/linux/maskedPaths", "linux.maskedpaths.absolute");
  check_absolute (ctx, "/linux/readonlyPaths", "linux.readonlypaths.absolute");
  if (propagation)
    oci_check_expect (ctx, g_strv_contains (propagations, propagation), "linux.rootfspropagation.value",
                      "/linux/rootfsPropagation", "\"%s\" is not shared, slave, private or unbindable", propagation);
  return TRUE;
}

static const OciChecker path_checkers[] = {
  { "linux.paths", "masked and read-only paths, rootfs propagation", OCI_PHASE_BUNDLE, check_paths },
};

void
linux_checks_paths_register (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, path_requirements, G_N_ELEMENTS (path_requirements));
  oci_plugin_add_checkers (plugin, path_checkers, G_N_ELEMENTS (path_checkers));
}
