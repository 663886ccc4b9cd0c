/* zos-plugin.c — the zos plugin's descriptor
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "zos-plugin.h"

static gboolean
zos_plugin_init (OciPlugin *plugin, GError **error)
{
  zos_register_checks (plugin);
  zos_register_options (plugin);
  return TRUE;
}

OCI_PLUGIN_DEFINE ("zos", "z/OS containers (config-zos.md)", "zos", zos_plugin_init)
