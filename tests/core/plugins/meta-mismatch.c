/* Metadata that names another plugin than the descriptor does.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

static gboolean
init (OciPlugin *plugin, GError **error)
{
  return TRUE;
}

G_MODULE_EXPORT const OciPluginDesc oci_plugin_desc = {
  OCI_PLUGIN_ABI_VERSION, sizeof (OciPluginDesc), "testreal", "mismatch", "*", init, NULL, { NULL }
};
__attribute__ ((used, section (OCI_PLUGIN_META_SECTION))) static const char meta[] = OCI_PLUGIN_META_MAGIC "testclaimed\037*\037mismatch";
