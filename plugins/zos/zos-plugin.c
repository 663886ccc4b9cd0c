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

/* Built-in plugins state the project version and need this very
 * libocirt (they are built and installed with it). */
OCI_PLUGIN_DEFINE_FULL ("zos", "z/OS containers (config-zos.md)", "zos", zos_plugin_init,
  OCI_RUNTIME_TOOLS_VERSION, "Apache-2.0", "", "oci-runtime-tools", OCI_RUNTIME_TOOLS_VERSION)
