/* Registers an option of the built-in base plugin, not named after
 * itself: refused as a whole.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

static const OciOption clash_options[] = {
  { "hostname", "VALUE", "claims a built-in option", OCI_OPTION_VALUE, oci_option_set_string, "/x" },
};

static gboolean
init (OciPlugin *plugin, GError **error)
{
  oci_plugin_add_options (plugin, clash_options, G_N_ELEMENTS (clash_options));
  return TRUE;
}

OCI_PLUGIN_DEFINE ("testclash", "option clash", "*", init)
