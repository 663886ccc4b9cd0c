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
/* Built-in plugins state the project version and need this very
 * libocirt (they are built and installed with it). */
OCI_PLUGIN_DEFINE_FULL_FOR_SECTIONS ("vm", "Virtual-machine-based containers (config-vm.md)", "*", "vm",
                                vm_plugin_init,
  OCI_RUNTIME_TOOLS_VERSION, "Apache-2.0", "", "oci-runtime-tools", OCI_RUNTIME_TOOLS_VERSION)
