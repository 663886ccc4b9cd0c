/* base-plugin.c — the base plugin's descriptor
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "base-plugin.h"
#include "cases/base-runtime.h"

static gboolean
base_plugin_init (OciPlugin *plugin, GError **error)
{
  base_register_checks (plugin);
  base_register_options (plugin);
  base_register_runtime (plugin);
  return TRUE;
}

/* Built-in plugins state the project version and need this very
 * libocirt (they are built and installed with it). */
OCI_PLUGIN_DEFINE_FULL ("base", "Platform-independent configuration and bundle (config.md, bundle.md)", "*", base_plugin_init,
  OCI_RUNTIME_TOOLS_VERSION, "Apache-2.0", "", "oci-runtime-tools", OCI_RUNTIME_TOOLS_VERSION)
