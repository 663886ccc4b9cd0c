/* base-checks.c — checks of config.md and bundle.md that hold on every platform
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>
#include <sys/stat.h>

#include "base-plugin.h"

static const OciRequirement base_requirements[] = {
  { "base.ociversion.semver", OCI_LEVEL_MUST, "config.md", "configSpecificationVersion", "1.0.0", NULL,
    "ociVersion MUST be in SemVer v2.0.0 format" },
  { "base.root.required", OCI_LEVEL_REQUIRED, "config.md", "configRoot", "1.0.0", NULL,
    "root is REQUIRED on all platforms but Hyper-V Windows containers" },
  { "base.root.path.exists", OCI_LEVEL_MUST, "config.md", "configRoot", "1.0.0", NULL,
    "a directory MUST exist at the path root.path declares" },
  { "base.process.cwd.absolute", OCI_LEVEL_MUST, "config.md", "configProcess", "1.0.0", NULL,
    "process.cwd MUST be an absolute path" },
  { "base.process.args.required", OCI_LEVEL_REQUIRED, "config.md", "configProcess", "1.0.0", NULL,
    "process.args needs at least one entry (on platforms other than Windows from 1.1.0)" },
  { "base.mounts.destination.absolute", OCI_LEVEL_MUST, "config.md", "configMounts", "1.0.0", NULL,
    "a mount destination MUST be an absolute path" },
};

static gboolean
check_version (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *version = oci_config_get_version (config);
  g_auto(OciSemver) v = { 0 };

  if (version == NULL)
    return TRUE; /* absent or not a string: the schema reports it */
  oci_check_expect (ctx, oci_semver_parse (version, &v, NULL), "base.ociversion.semver",
                    "/ociVersion", "\"%s\" is not a SemVer 2.0.0 version", version);
  return TRUE;
}

static gboolean
check_root (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *os = oci_check_context_get_os (ctx);
  const char *rootfs = oci_check_context_get_rootfs (ctx);
  gboolean hyperv = oci_config_has (config, "/windows/hyperv");
  struct stat st;

  if (!oci_config_has (config, "/root"))
    {
      oci_check_expect (ctx, g_strcmp0 (os, "windows") == 0 && hyperv, "base.root.required", "",
                        "the config has no root");
      return TRUE;
    }
  oci_check_pass (ctx, "base.root.required");
  /* A bundle's root filesystem can be checked only with the bundle, and
   * only for POSIX paths: a Windows volume GUID path names no host file. */
  if (rootfs == NULL || oci_check_context_get_bundle (ctx) == NULL || g_strcmp0 (os, "windows") == 0)
    return TRUE;
  if (stat (rootfs, &st) != 0)
    oci_check_fail (ctx, "base.root.path.exists", "/root/path", "%s does not exist", rootfs);
  else
    oci_check_expect (ctx, S_ISDIR (st.st_mode), "base.root.path.exists", "/root/path",
                      "%s is not a directory", rootfs);
  return TRUE;
}

static gboolean
check_process (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *os = oci_check_context_get_os (ctx);
  const char *cwd = oci_config_get_string (config, "/process/cwd");
  JsonArray *args = oci_config_get_array (config, "/process/args");

  if (!oci_config_has (config, "/process"))
    return TRUE;
  if (cwd)
    oci_check_expect (ctx, oci_path_is_absolute_for (os, cwd), "base.process.cwd.absolute",
                      "/process/cwd", "\"%s\" is not an absolute path", cwd);
  /* From 1.1.0 Windows may give commandLine instead of args. */
  if (g_strcmp0 (os, "windows") == 0 && oci_check_context_release_at_least (ctx, "1.1.0"))
    return TRUE;
  oci_check_expect (ctx, args != NULL && json_array_get_length (args) > 0,
                    "base.process.args.required", args ? "/process/args" : "/process",
                    "process.args has no entry");
  return TRUE;
}

static gboolean
check_mounts (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *os = oci_check_context_get_os (ctx);
  JsonArray *mounts = oci_config_get_array (config, "/mounts");

  for (guint i = 0; mounts && i < json_array_get_length (mounts); i++)
    {
      JsonNode *m = json_array_get_element (mounts, i);
      const char *dest;
      g_autofree char *ptr = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (m))
        continue;
      dest = oci_json_object_get_string (json_node_get_object (m), "destination");
      if (dest == NULL)
        continue;
      ptr = g_strdup_printf ("/mounts/%u/destination", i);
      oci_check_expect (ctx, oci_path_is_absolute_for (os, dest), "base.mounts.destination.absolute",
                        ptr, "\"%s\" is not an absolute path", dest);
    }
  return TRUE;
}

static const OciChecker base_checkers[] = {
  { "base.version", "ociVersion is SemVer", OCI_PHASE_BUNDLE, check_version },
  { "base.root", "root is present and its path a directory", OCI_PHASE_BUNDLE, check_root },
  { "base.process", "process cwd and args", OCI_PHASE_BUNDLE, check_process },
  { "base.mounts", "mount destinations", OCI_PHASE_BUNDLE, check_mounts },
};

void
base_register_checks (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, base_requirements, G_N_ELEMENTS (base_requirements));
  oci_plugin_add_checkers (plugin, base_checkers, G_N_ELEMENTS (base_checkers));
}
