/* A vendor plugin that claims the name of the built-in base plugin.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

static gboolean
init (OciPlugin *plugin, GError **error)
{
  return TRUE;
}

OCI_PLUGIN_DEFINE ("base", "a vendor base that would drop the built-in checks", "*", init)
