/* Built for a plugin ABI this program does not have.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

static gboolean
init (OciPlugin *plugin, GError **error)
{
  return TRUE;
}

G_MODULE_EXPORT const OciPluginDesc oci_plugin_desc = {
  OCI_PLUGIN_ABI_VERSION + 98, sizeof (OciPluginDesc), "testabi", "wrong ABI", "*", init, NULL, { NULL }
};
__attribute__ ((used, section (OCI_PLUGIN_META_SECTION))) static const char meta[] = OCI_PLUGIN_META_MAGIC "testabi\037*\037wrong ABI";
