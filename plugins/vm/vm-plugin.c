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

/* Its checks read only "vm": a config without it is validated without
 * opening this module. */
OCI_PLUGIN_DEFINE_FOR_SECTIONS ("vm", "Virtual-machine-based containers (config-vm.md)", "*", "vm",
                                vm_plugin_init)
