/* linux-plugin.c — the linux plugin's descriptor
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "linux-plugin.h"
#include "seccomp/linux-seccomp.h"
#include "cases/linux-runtime.h"

static gboolean
linux_plugin_init (OciPlugin *plugin, GError **error)
{
  linux_register_checks (plugin);
  linux_register_options (plugin);
  linux_register_seccomp (plugin);
  linux_register_runtime (plugin);
  return TRUE;
}

/* Built-in plugins state the project version and need this very
 * libocirt (they are built and installed with it). */
OCI_PLUGIN_DEFINE_FULL ("linux", "Linux containers (config-linux.md)", "linux", linux_plugin_init,
  OCI_RUNTIME_TOOLS_VERSION, "Apache-2.0", "", "oci-runtime-tools", OCI_RUNTIME_TOOLS_VERSION)
