/* windows-checks.c — requirements and checkers of config-windows.md
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "windows-plugin.h"

static const OciRequirement windows_requirements[] = {
  { "windows.required", OCI_LEVEL_REQUIRED, "config.md", "configPlatformSpecificConfiguration", "1.0.0", NULL,
    "a Windows config MUST have the windows object (its layerFolders are REQUIRED)" },
  { "windows.root.readonly", OCI_LEVEL_MUST, "config.md", "configRoot", "1.0.0", NULL,
    "on Windows root.readonly MUST be omitted or false" },
};

static gboolean
check_windows (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  gboolean readonly = FALSE;

  oci_check_expect (ctx, oci_config_get_object (config, "/windows") != NULL, "windows.required", "",
                    "the config has no windows object");
  if (oci_config_get_boolean (config, "/root/readonly", &readonly))
    oci_check_expect (ctx, !readonly, "windows.root.readonly", "/root/readonly",
                      "root.readonly is true on Windows");
  return TRUE;
}

static const OciChecker windows_checkers[] = {
  { "windows.config", "the windows object and root rules", OCI_PHASE_BUNDLE, check_windows },
};

void
windows_register_checks (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, windows_requirements, G_N_ELEMENTS (windows_requirements));
  oci_plugin_add_checkers (plugin, windows_checkers, G_N_ELEMENTS (windows_checkers));
}
