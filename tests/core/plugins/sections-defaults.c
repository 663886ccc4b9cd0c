/* Declares config sections and sets generate defaults, which generate
 * would skip with the plugin.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

static gboolean
defaults (OciGenerateContext *gen, GError **error)
{
  return TRUE;
}

static gboolean
init (OciPlugin *plugin, GError **error)
{
  oci_plugin_set_defaults (plugin, defaults);
  return TRUE;
}

OCI_PLUGIN_DEFINE_FOR_SECTIONS ("testsecdef", "defaults", "*", "org.example.vendor", init)
