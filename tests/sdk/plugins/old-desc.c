/* A descriptor written by hand in the positional form of ABI 1 before the
 * metadata, with that size, and the metadata string of that time (name,
 * platforms, description): it still compiles and loads, stating none.
 * (A module with no metadata string at all is never opened.)
 * SPDX-License-Identifier: Apache-2.0 */
#include <stddef.h>

#include <oci-runtime-tools/oci-runtime-tools.h>

static gboolean
old_init (OciPlugin *plugin, GError **error)
{
  return TRUE;
}

G_MODULE_EXPORT const OciPluginDesc oci_plugin_desc;
G_MODULE_EXPORT const OciPluginDesc oci_plugin_desc = {
  OCI_PLUGIN_ABI_VERSION, offsetof (OciPluginDesc, version), "testold", "before the metadata", "*", old_init,
  NULL, { NULL }
};

__attribute__ ((used, section (OCI_PLUGIN_META_SECTION)))
static const char old_meta[] = OCI_PLUGIN_META_MAGIC "testold" "\037" "*" "\037" "before the metadata";
