/* freebsd-plugin.c — the freebsd plugin's descriptor
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "freebsd-plugin.h"

static gboolean
freebsd_plugin_init (OciPlugin *plugin, GError **error)
{
  freebsd_register_checks (plugin);
  freebsd_register_options (plugin);
  return TRUE;
}

/* Built-in plugins state the project version and need this very
 * libocirt (they are built and installed with it). */
OCI_PLUGIN_DEFINE_FULL ("freebsd", "FreeBSD jails (config-freebsd.md)", "freebsd", freebsd_plugin_init,
  OCI_RUNTIME_TOOLS_VERSION, "Apache-2.0", "", "oci-runtime-tools", OCI_RUNTIME_TOOLS_VERSION)
