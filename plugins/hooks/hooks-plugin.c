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

/* Its bundle and host checks read only "hooks": a config without them is
 * validated without opening this module. */
OCI_PLUGIN_DEFINE_FOR_SECTIONS ("hooks", "Lifecycle hooks (config.md#configHooks)", "*", "hooks",
                                hooks_plugin_init)
