/* hooks-plugin.c — the hooks plugin's descriptor
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "hooks-plugin.h"
#include "cases/hooks-runtime.h"

static gboolean
hooks_plugin_init (OciPlugin *plugin, GError **error)
{
  hooks_register_checks (plugin);
  hooks_register_options (plugin);
  hooks_register_runtime (plugin);
  return TRUE;
}

OCI_PLUGIN_DEFINE ("hooks", "Lifecycle hooks (config.md#configHooks)", "*", hooks_plugin_init)
