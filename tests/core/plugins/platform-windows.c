/* Applies to Windows on amd64 only.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

static gboolean
init (OciPlugin *plugin, GError **error)
{
  return TRUE;
}

OCI_PLUGIN_DEFINE ("testwindows", "windows on amd64", "windows/amd64, solaris", init)
