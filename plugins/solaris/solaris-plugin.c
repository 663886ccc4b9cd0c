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

/* Built-in plugins state the project version and need this very
 * libocirt (they are built and installed with it). */
OCI_PLUGIN_DEFINE_FULL ("solaris", "Solaris zones (config-solaris.md)", "solaris", solaris_plugin_init,
  OCI_RUNTIME_TOOLS_VERSION, "Apache-2.0", "", "oci-runtime-tools", OCI_RUNTIME_TOOLS_VERSION)
