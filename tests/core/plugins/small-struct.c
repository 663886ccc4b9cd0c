/* A descriptor smaller than the ABI's.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

G_MODULE_EXPORT const OciPluginDesc oci_plugin_desc = {
  OCI_PLUGIN_ABI_VERSION, 8, "testsmall", "too small", "*", NULL, NULL, { NULL }
};
__attribute__ ((used, section (OCI_PLUGIN_META_SECTION))) static const char meta[] = OCI_PLUGIN_META_MAGIC "testsmall\037*\037too small";
