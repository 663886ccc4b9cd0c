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
/* Built-in plugins state the project version and need this very
 * libocirt (they are built and installed with it). */
OCI_PLUGIN_DEFINE_FULL_FOR_SECTIONS ("hooks", "Lifecycle hooks (config.md#configHooks)", "*", "hooks",
                                hooks_plugin_init,
  OCI_RUNTIME_TOOLS_VERSION, "Apache-2.0", "", "oci-runtime-tools", OCI_RUNTIME_TOOLS_VERSION)
