/* Applies to Linux only.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

static gboolean
init (OciPlugin *plugin, GError **error)
{
  return TRUE;
}

OCI_PLUGIN_DEFINE ("testlinux", "linux only", "linux", init)
