/* solaris-plugin.c — the solaris plugin's descriptor
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "solaris-plugin.h"

static gboolean
solaris_plugin_init (OciPlugin *plugin, GError **error)
{
  solaris_register_checks (plugin);
  solaris_register_options (plugin);
  return TRUE;
}

OCI_PLUGIN_DEFINE ("solaris", "Solaris zones (config-solaris.md)", "solaris", solaris_plugin_init)
