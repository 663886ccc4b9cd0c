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

OCI_PLUGIN_DEFINE ("windows", "Windows containers (config-windows.md)", "windows", windows_plugin_init)
