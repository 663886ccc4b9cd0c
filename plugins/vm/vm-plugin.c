/* vm-plugin.c — the vm plugin's descriptor
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "vm-plugin.h"

static gboolean
vm_plugin_init (OciPlugin *plugin, GError **error)
{
  vm_register_checks (plugin);
  vm_register_options (plugin);
  return TRUE;
}

OCI_PLUGIN_DEFINE ("vm", "Virtual-machine-based containers (config-vm.md)", "*", vm_plugin_init)
