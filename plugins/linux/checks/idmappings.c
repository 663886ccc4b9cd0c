/* idmappings.c — ID-mapped mounts (mounts[].uidMappings, gidMappings, idmap)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "linux-checks.h"

static const OciRequirement idmap_requirements[] = {
  { "linux.mounts.idmap.release", OCI_LEVEL_ADVICE, "config.md", "configPOSIXMounts", "1.0.0", "1.1.0",
    "mount uidMappings and gidMappings came with 1.1.0 (advice: a runtime of an older release "
    "ignores them)" },
  { "linux.mounts.idmap.pair", OCI_LEVEL_MUST, "config.md", "configPOSIXMounts", "1.2.0", NULL,
    "a mount's uidMappings MUST be specified along with gidMappings, and gidMappings with uidMappings" },
  { "linux.mounts.idmap.option", OCI_LEVEL_SHOULD, "config.md", "configPOSIXMounts", "1.2.0", NULL,
    "a mount with uidMappings or gidMappings SHOULD have the idmap or ridmap option" },
  { "linux.mounts.idmap.mapping", OCI_LEVEL_MUST, "config.md", "configLinuxMountOptions", "1.2.0", NULL,
    "an idmap or ridmap mount without mappings of its own needs a user namespace (else an error MUST be returned)" },
};

static void
check_mount (OciCheckContext *ctx, JsonObject *mount, guint i)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  JsonArray *options = oci_json_object_get_array (mount, "options");
  gboolean has_uid = json_object_has_member (mount, "uidMappings");
  gboolean has_gid = json_object_has_member (mount, "gidMappings");
  gboolean idmap = linux_check_strv_has (options, "idmap") || linux_check_strv_has (options, "ridmap");
  g_autofree char *ptr = g_strdup_printf ("/mounts/%u", i);
  g_autofree char *uid_ptr = g_strdup_printf ("/mounts/%u/uidMappings", i);
  g_autofree char *gid_ptr = g_strdup_printf ("/mounts/%u/gidMappings", i);

  oci_check_expect (ctx, !has_uid && !has_gid, "linux.mounts.idmap.release", has_uid ? uid_ptr : gid_ptr,
                    "ID-mapped mounts are not part of runtime-spec %s: the mappings would be ignored",
                    oci_check_context_get_release (ctx));
  if (has_uid || has_gid)
    {
      oci_check_expect (ctx, has_uid && has_gid, "linux.mounts.idmap.pair", has_uid ? uid_ptr : gid_ptr,
                        "%s is set without %s", has_uid ? "uidMappings" : "gidMappings",
                        has_uid ? "gidMappings" : "uidMappings");
      oci_check_expect (ctx, idmap, "linux.mounts.idmap.option", ptr,
                        "the mount has ID mappings but neither the idmap nor the ridmap option");
    }
  else if (idmap)
    oci_check_expect (ctx, linux_check_namespace (config, "user").present, "linux.mounts.idmap.mapping",
                      ptr, "an idmap mount without uidMappings and gidMappings needs a user namespace to "
                      "take the mapping from, and linux.namespaces has none");
}

static gboolean
check_idmapped_mounts (OciCheckContext *ctx, GError **error)
{
  JsonArray *mounts = oci_config_get_array (oci_check_context_get_config (ctx), "/mounts");

  for (guint i = 0; mounts && i < json_array_get_length (mounts); i++)
    {
      JsonObject *mount = linux_check_object_at (mounts, i);

      if (mount)
        check_mount (ctx, mount, i);
    }
  return TRUE;
}

static const OciChecker idmap_checkers[] = {
  { "linux.mounts.idmap", "ID-mapped mounts", OCI_PHASE_BUNDLE, check_idmapped_mounts },
};

void
linux_checks_idmappings_register (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, idmap_requirements, G_N_ELEMENTS (idmap_requirements));
  oci_plugin_add_checkers (plugin, idmap_checkers, G_N_ELEMENTS (idmap_checkers));
}
