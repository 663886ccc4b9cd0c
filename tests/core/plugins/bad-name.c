/* A descriptor whose name is not a plugin name.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

static gboolean
init (OciPlugin *plugin, GError **error)
{
  return TRUE;
}

OCI_PLUGIN_DEFINE ("Bad Name", "invalid name", "*", init)
