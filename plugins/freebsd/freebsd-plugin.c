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

OCI_PLUGIN_DEFINE ("freebsd", "FreeBSD jails (config-freebsd.md)", "freebsd", freebsd_plugin_init)
