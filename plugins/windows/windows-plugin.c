/* windows-plugin.c — the windows plugin's descriptor
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "windows-plugin.h"

static gboolean
windows_plugin_init (OciPlugin *plugin, GError **error)
{
  windows_register_checks (plugin);
  windows_register_options (plugin);
  return TRUE;
}

/* Built-in plugins state the project version and need this very
 * libocirt (they are built and installed with it). */
OCI_PLUGIN_DEFINE_FULL ("windows", "Windows containers (config-windows.md)", "windows", windows_plugin_init,
  OCI_RUNTIME_TOOLS_VERSION, "Apache-2.0", "", "oci-runtime-tools", OCI_RUNTIME_TOOLS_VERSION)
