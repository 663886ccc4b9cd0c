/* A valid descriptor but no metadata section: never opened.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

static gboolean
init (OciPlugin *plugin, GError **error)
{
  return TRUE;
}

G_MODULE_EXPORT const OciPluginDesc oci_plugin_desc = {
  OCI_PLUGIN_ABI_VERSION, sizeof (OciPluginDesc), "testnometa", "no metadata", "*", init, NULL, { NULL }
};
